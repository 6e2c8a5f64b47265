namespace RollbackDrill;

public enum DrillStepKind
{
    Scale,
    UndoRollout,
    Run,
    Pause,
}
