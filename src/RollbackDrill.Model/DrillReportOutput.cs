namespace RollbackDrill;

/// <summary>A report file the drill writes when it ends; a relative path is relative to the drill file.</summary>
public sealed record DrillReportOutput
{
    public required DrillReportFormat Format { get; init; }

    public required string Path { get; init; }

    public override string ToString() => $"{Format}: {Path}";
}
