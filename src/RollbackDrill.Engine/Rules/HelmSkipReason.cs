namespace RollbackDrill.Engine.Rules;

/// <summary>Why a Helm rollback would not be run.</summary>
public enum HelmSkipReason
{
    /// <summary>Not skipped.</summary>
    None,

    /// <summary>The release has no revisions at all (not found).</summary>
    ReleaseNotFound,

    /// <summary>Fewer than two revisions in history: nothing to go back to (needs a manual decision).</summary>
    SingleRevision,

    /// <summary>A negative revision was asked for.</summary>
    InvalidRevision,

    /// <summary>The target revision is not in the stored history (never existed, or pruned by --history-max).</summary>
    TargetNotInHistory,

    /// <summary>The target is the current revision.</summary>
    TargetIsCurrent,

    /// <summary>-ToLastDeployed found no deployed/superseded revision before the current one.</summary>
    NoGoodRevision,
}
