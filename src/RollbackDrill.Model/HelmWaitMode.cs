namespace RollbackDrill;

/// <summary>Helm 4's --wait strategies (Helm 3 has only --wait: Watcher and Legacy both map to it).</summary>
public enum HelmWaitMode
{
    Watcher,
    Legacy,
    HookOnly,
}
