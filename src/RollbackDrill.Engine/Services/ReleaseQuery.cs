namespace RollbackDrill.Engine.Services;

/// <summary>What Get-ReleaseRevision / Get-ReleaseStatus asked for.</summary>
public sealed record ReleaseQuery
{
    /// <summary>Release names or wildcard patterns; empty means every release.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The namespace to search; null searches all namespaces.</summary>
    public string? Namespace { get; init; }

    public IReadOnlyList<int> Revisions { get; init; } = [];

    /// <summary>Statuses to keep (wildcards allowed): deployed, superseded, failed, pending-*, ...</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Keep only the newest N revisions of each release (after the other filters).</summary>
    public int? Last { get; init; }

    public bool IncludeValues { get; init; }

    /// <summary>The kube context name, stamped on the output.</summary>
    public string Context { get; init; } = string.Empty;
}
