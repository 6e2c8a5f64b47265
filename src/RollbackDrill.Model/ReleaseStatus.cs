namespace RollbackDrill;

/// <summary>
/// The state of one release now: its current revision (chart, app version, images, git commit), its workloads
/// with their counters, and its pods. One row of a drill's Before/After table.
/// </summary>
public sealed class ReleaseStatus
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The newest revision (what <c>helm status</c> shows).</summary>
    public required int Revision { get; init; }

    public required string Status { get; init; }

    public required string Chart { get; init; }

    public string ChartVersion { get; init; } = string.Empty;

    public string AppVersion { get; init; } = string.Empty;

    public DateTimeOffset? Updated { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>Images the workloads run now (from the live objects), else those of the manifest.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>A git commit from a workload label/annotation or an image tag that looks like one (7–40 hex).</summary>
    public string? GitCommit { get; init; }

    public IReadOnlyList<WorkloadStatus> Workloads { get; init; } = [];

    /// <summary>Pods labelled with the release: filled with -IncludePods, else empty (the counts below are always set).</summary>
    public IReadOnlyList<PodInfo> Pods { get; init; } = [];

    public int PodsReady { get; init; }

    public int PodsTotal { get; init; }

    /// <summary>Every workload's counters are ready (and there is at least one workload).</summary>
    public bool WorkloadsReady => Workloads.Count > 0 && Workloads.All(w => w.CountersReady);

    /// <summary>The current revision as a <see cref="ReleaseRevision"/>.</summary>
    public ReleaseRevision? Current { get; init; }

    public string Context { get; init; } = string.Empty;

    public override string ToString() => $"{Name}:{Revision} ({Status})";
}
