namespace RollbackDrill.Sandbox.Helm;

/// <summary>helm pkg/release status.go: the release status strings as stored in labels and info.status.</summary>
public static class HelmStatus
{
    public const string Unknown = "unknown";
    public const string Deployed = "deployed";
    public const string Uninstalled = "uninstalled";
    public const string Superseded = "superseded";
    public const string Failed = "failed";
    public const string Uninstalling = "uninstalling";
    public const string PendingInstall = "pending-install";
    public const string PendingUpgrade = "pending-upgrade";
    public const string PendingRollback = "pending-rollback";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        Unknown, Deployed, Uninstalled, Superseded, Failed, Uninstalling, PendingInstall, PendingUpgrade, PendingRollback,
    };

    /// <summary>helm Status.IsPending: pending-install, pending-upgrade, pending-rollback.</summary>
    public static bool IsPending(string? status) =>
        status is PendingInstall or PendingUpgrade or PendingRollback;

    public static bool IsKnown(string? status) => status is not null && Known.Contains(status);
}
