namespace RollbackDrill;

public enum DrillReportFormat
{
    Markdown,
    Json,
    JUnit,
    Html,
}
