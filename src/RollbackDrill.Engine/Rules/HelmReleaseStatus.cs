namespace RollbackDrill.Engine.Rules;

/// <summary>Helm's release statuses (helm pkg/release common.Status).</summary>
public enum HelmReleaseStatus
{
    Unknown,
    Deployed,
    Uninstalled,
    Superseded,
    Failed,
    Uninstalling,
    PendingInstall,
    PendingUpgrade,
    PendingRollback,
}
