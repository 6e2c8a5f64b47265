namespace RollbackDrill.Engine.Rules;

/// <summary>What kubectl rollout undo would do for a Deployment.</summary>
public enum RolloutUndoOutcome
{
    /// <summary>Send <see cref="RolloutUndoPlan.PatchJson"/>: kubectl prints "rolled back".</summary>
    RollBack,

    /// <summary>The current template already matches the target: nothing is sent ("skipped rollback (...)").</summary>
    Skipped,

    /// <summary>kubectl refuses with an error (paused Deployment, revision not found, no history).</summary>
    Refused,
}
