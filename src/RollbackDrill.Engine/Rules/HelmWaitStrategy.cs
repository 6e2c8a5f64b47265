namespace RollbackDrill.Engine.Rules;

/// <summary>
/// Helm 4's --wait strategies (helm v4 pkg/cmd AddWaitFlag): "watcher" (kstatus, what a bare --wait means),
/// "legacy" (Helm 3's polling) and "hookOnly" (no --wait). On Helm 3 any strategy other than HookOnly is --wait.
/// </summary>
public enum HelmWaitStrategy
{
    Watcher,
    Legacy,
    HookOnly,
}
