namespace RollbackDrill.Engine.Rules;

/// <summary>How a Helm rollback target was chosen.</summary>
public enum HelmTargetReason
{
    /// <summary>An explicit revision was given.</summary>
    Explicit,

    /// <summary>None (or 0) was given: Helm's rule, current − 1, whatever its status.</summary>
    PreviousRevision,

    /// <summary>-ToLastDeployed: the newest revision before the current one that is deployed or superseded.</summary>
    LastDeployed,
}
