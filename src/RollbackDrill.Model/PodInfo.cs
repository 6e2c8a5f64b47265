namespace RollbackDrill;

/// <summary>A pod of a release, as <c>kubectl get pods</c> lists it: name, phase, ready containers, restarts, age.</summary>
public sealed class PodInfo
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public string Phase { get; init; } = string.Empty;

    public int ReadyContainers { get; init; }

    public int TotalContainers { get; init; }

    /// <summary>The pod's Ready condition is True.</summary>
    public bool IsReady { get; init; }

    public int Restarts { get; init; }

    public DateTimeOffset? Created { get; init; }

    /// <summary>Age when read (now − creationTimestamp).</summary>
    public TimeSpan? Age { get; init; }

    public string Node { get; init; } = string.Empty;

    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>"1/1", as kubectl's READY column.</summary>
    public string ReadyText => $"{ReadyContainers}/{TotalContainers}";

    public override string ToString() => Name;
}
