namespace RollbackDrill.Engine.Rules;

/// <summary>
/// One revision of a Helm release, as the rollback rules need it (history readers map their records to this).
/// </summary>
/// <param name="Revision">The release version (the storage record's revision).</param>
/// <param name="Status">The revision's status (from the decoded body, which is authoritative).</param>
/// <param name="Chart">The chart as helm history prints it, e.g. "videokit-0.1.0".</param>
/// <param name="AppVersion">The chart's appVersion, when it has one.</param>
/// <param name="Updated">info.last_deployed, when known.</param>
/// <param name="Description">info.description, e.g. "Upgrade complete" or "Rollback to 41".</param>
public sealed record HelmRevisionRecord(
    int Revision,
    HelmReleaseStatus Status,
    string? Chart,
    string? AppVersion,
    DateTimeOffset? Updated,
    string? Description = null);
