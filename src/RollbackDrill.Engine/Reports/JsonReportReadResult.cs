namespace RollbackDrill.Engine.Reports;

/// <summary>
/// A report read from a JSON journal, with the verdict the journal recorded (lower case, e.g. "passed"). The
/// report's own Verdict is recomputed from its data; when the two differ the file was edited after it was written.
/// </summary>
public sealed record JsonReportReadResult(DrillReport Report, string? RecordedVerdict)
{
    /// <summary>True when the recorded verdict is absent or equals the recomputed one.</summary>
    public bool VerdictConsistent =>
        RecordedVerdict is null || string.Equals(RecordedVerdict, Report.Verdict.ToString(), StringComparison.OrdinalIgnoreCase);
}
