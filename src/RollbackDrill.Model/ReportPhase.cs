namespace RollbackDrill;

/// <summary>Whether a row of the before/after table was captured before the drill or after it.</summary>
public enum ReportPhase
{
    Before,
    After,
}
