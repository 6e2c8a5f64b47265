namespace RollbackDrill.Engine.Reports;

/// <summary>What a rollback did to one release: from revision, to (restored) revision, the new revision written.</summary>
public sealed record RollbackFact
{
    public required string Release { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The revision that was current before the rollback (e.g. 42).</summary>
    public int? FromRevision { get; init; }

    /// <summary>The revision restored (e.g. 41).</summary>
    public int? TargetRevision { get; init; }

    /// <summary>The revision the rollback wrote (e.g. 43).</summary>
    public int? NewRevision { get; init; }

    public bool? Succeeded { get; init; }

    public bool DryRun { get; init; }
}
