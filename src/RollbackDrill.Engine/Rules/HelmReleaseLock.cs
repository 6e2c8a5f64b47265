namespace RollbackDrill.Engine.Rules;

/// <summary>
/// Helm's "another operation is in progress" lock: the newest revision is pending-install, pending-upgrade or
/// pending-rollback (helm upgrade refuses with errPending; a rollback is still possible and is the usual way out).
/// </summary>
/// <param name="Revision">The pending revision.</param>
/// <param name="Status">Its status.</param>
/// <param name="Since">Its info.last_deployed, when known.</param>
/// <param name="Age">How long it has been pending at the time of evaluation, when known.</param>
public sealed record HelmReleaseLock(int Revision, HelmReleaseStatus Status, DateTimeOffset? Since, TimeSpan? Age)
{
    /// <summary>helm pkg/action errPending.</summary>
    public const string HelmMessage = "another operation (install/upgrade/rollback) is in progress";

    /// <summary>A sentence for users, with the revision, status and age.</summary>
    public string Describe() =>
        $"{HelmMessage}: revision {Revision} is {Status.ToHelmString()}" +
        (Age is { } age ? $" since {FormatAge(age)} ago" : string.Empty) +
        ". A rollback is allowed (it is the usual way out) but must be confirmed; make sure no helm process is still running for this release.";

    private static string FormatAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d{age.Hours}h"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h{age.Minutes}m"
        : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m{age.Seconds}s"
        : $"{Math.Max(0, (int)age.TotalSeconds)}s";
}
