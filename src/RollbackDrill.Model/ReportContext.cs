namespace RollbackDrill;

/// <summary>The cluster a drill ran against: the kube context name, its API server and namespace. Never credentials.</summary>
public sealed record ReportContext
{
    public string Name { get; init; } = string.Empty;

    public string? Server { get; init; }

    public string? Namespace { get; init; }

    public override string ToString() => Server is null ? Name : $"{Name} ({Server})";
}
