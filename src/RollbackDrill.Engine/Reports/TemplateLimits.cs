namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The sandbox limits of a report template: a template that loops, recurses or writes past them, or runs longer
/// than <see cref="TimeLimit"/>, fails with ReportTemplateFailed and the line:column where it stopped.
/// </summary>
public sealed record TemplateLimits
{
    public static TemplateLimits Default { get; } = new();

    /// <summary>Wall-clock time a render may take.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Iterations of all loops of one render together (Scriban's LoopLimit); a drill with a long transcript needs thousands.</summary>
    public int LoopLimit { get; init; } = 100_000;

    /// <summary>Depth of nested function calls.</summary>
    public int RecursiveLimit { get; init; } = 64;

    /// <summary>Characters of output.</summary>
    public int OutputLimit { get; init; } = 8 * 1024 * 1024;
}
