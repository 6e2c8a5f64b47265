namespace RollbackDrill;

/// <summary>Where a custom step runs relative to the drill's phases.</summary>
public enum DrillStepPhase
{
    BeforeRollback,
    AfterRollback,
    AfterReadiness,
}
