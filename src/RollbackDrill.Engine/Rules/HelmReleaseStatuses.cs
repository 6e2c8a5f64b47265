namespace RollbackDrill.Engine.Rules;

/// <summary>Helm's status strings ("deployed", "pending-rollback", ...) to and from <see cref="HelmReleaseStatus"/>.</summary>
public static class HelmReleaseStatuses
{
    /// <summary>Parses Helm's status text; anything unrecognised (or empty) is <see cref="HelmReleaseStatus.Unknown"/>.</summary>
    public static HelmReleaseStatus Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "deployed" => HelmReleaseStatus.Deployed,
        "uninstalled" => HelmReleaseStatus.Uninstalled,
        "superseded" => HelmReleaseStatus.Superseded,
        "failed" => HelmReleaseStatus.Failed,
        "uninstalling" => HelmReleaseStatus.Uninstalling,
        "pending-install" => HelmReleaseStatus.PendingInstall,
        "pending-upgrade" => HelmReleaseStatus.PendingUpgrade,
        "pending-rollback" => HelmReleaseStatus.PendingRollback,
        _ => HelmReleaseStatus.Unknown,
    };

    /// <summary>Helm's text for a status.</summary>
    public static string ToHelmString(this HelmReleaseStatus status) => status switch
    {
        HelmReleaseStatus.Deployed => "deployed",
        HelmReleaseStatus.Uninstalled => "uninstalled",
        HelmReleaseStatus.Superseded => "superseded",
        HelmReleaseStatus.Failed => "failed",
        HelmReleaseStatus.Uninstalling => "uninstalling",
        HelmReleaseStatus.PendingInstall => "pending-install",
        HelmReleaseStatus.PendingUpgrade => "pending-upgrade",
        HelmReleaseStatus.PendingRollback => "pending-rollback",
        _ => "unknown",
    };

    /// <summary>helm Status.IsPending: pending-install, pending-upgrade or pending-rollback.</summary>
    public static bool IsPending(this HelmReleaseStatus status) =>
        status is HelmReleaseStatus.PendingInstall or HelmReleaseStatus.PendingUpgrade or HelmReleaseStatus.PendingRollback;
}
