namespace RollbackDrill;

/// <summary>Which helm performs Invoke-Rollback's rollbacks.</summary>
public enum RollbackExecutor
{
    /// <summary>The user's helm executable (-HelmPath, else PATH); Helm 3 or 4, detected with `helm version --short`.</summary>
    Helm,

    /// <summary>The sandbox's helm endpoint: no helm needed, only against the RollbackDrill sandbox.</summary>
    Sandbox,
}
