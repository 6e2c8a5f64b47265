namespace RollbackDrill.Engine.Reports;

/// <summary>A before/after row as read from the input, before its phase is known: explicit, or from its position.</summary>
public sealed record ReportInputRow(ReportComponentState State, ReportPhase? ExplicitPhase, bool AfterARollback);
