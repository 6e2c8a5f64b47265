namespace RollbackDrill.Engine.Drills;

/// <summary>A progress report of a drill: the phase, what is happening, and whether the phase is done.</summary>
public sealed record DrillProgress(string Phase, string Status, int PhaseIndex, int PhaseCount, bool PhaseCompleted = false);
