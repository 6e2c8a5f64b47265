namespace RollbackDrill;

/// <summary>
/// One row of the before/after table: a component (release) with its Helm revision, chart and app versions, git
/// commit and health, captured before or after the drill. After a rollback, <see cref="RollbackOf"/> is the
/// revision restored, shown as "43 (41)".
/// </summary>
public sealed record ReportComponentState
{
    /// <summary>The display name, e.g. "API"; defaults to the release name.</summary>
    public required string Component { get; init; }

    public ReportPhase Phase { get; init; }

    public string? Release { get; init; }

    public string? Namespace { get; init; }

    public int? HelmRevision { get; init; }

    /// <summary>The revision this one restored, when it was written by a rollback.</summary>
    public int? RollbackOf { get; init; }

    public string? ChartVersion { get; init; }

    public string? AppVersion { get; init; }

    public string? GitCommit { get; init; }

    /// <summary>Health as observed, e.g. "Healthy (baseline)" or "deployed, 3/3 pods ready".</summary>
    public string? Status { get; init; }

    public override string ToString() => $"{Component} ({Phase}) r{HelmRevision}";
}
