namespace RollbackDrill.Engine.Recovery;

/// <summary>How one objective fared in Assert-RecoveryObjective.</summary>
public enum ObjectiveFinding
{
    /// <summary>Measured within the target.</summary>
    Met,

    /// <summary>Measured above the target.</summary>
    Missed,

    /// <summary>Nothing was measured (incomplete or never recovered): a breach.</summary>
    NotMeasured,

    /// <summary>Within the target, but the source recorded the objective as breached.</summary>
    RecordedBreach,

    /// <summary>No target to judge against.</summary>
    NoTarget,
}

/// <summary>The verdict on one objective and the sentence that explains it.</summary>
public sealed record ObjectiveJudgement(ObjectiveEvidence Evidence, TimeSpan? Target, ObjectiveFinding Finding, string Message)
{
    public bool Breached => Finding is ObjectiveFinding.Missed or ObjectiveFinding.NotMeasured or ObjectiveFinding.RecordedBreach;
}
