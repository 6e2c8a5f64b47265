namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// What to wait for: every Deployment/StatefulSet/DaemonSet labelled app.kubernetes.io/instance=<see cref="Release"/>
/// in <see cref="Namespace"/>, or exactly the named <see cref="Workloads"/>.
/// </summary>
public sealed record ReadinessTarget
{
    /// <summary>Helm's standard instance label, which charts put on every object of a release.</summary>
    public const string InstanceLabel = "app.kubernetes.io/instance";

    public string? Release { get; init; }

    public required string Namespace { get; init; }

    public IReadOnlyList<WorkloadRef>? Workloads { get; init; }

    /// <summary>For a release: a release with no workloads is a failure (a mistyped name must not pass as ready).</summary>
    public bool RequireWorkloads { get; init; } = true;

    public static ReadinessTarget ForRelease(string release, string ns) => new() { Release = release, Namespace = ns };

    public static ReadinessTarget ForWorkloads(string ns, IReadOnlyList<WorkloadRef> workloads) => new() { Namespace = ns, Workloads = workloads };

    public override string ToString() => Release is not null
        ? $"release {Release} in namespace {Namespace}"
        : string.Join(", ", Workloads ?? []);
}
