namespace RollbackDrill.Engine.Rollback;

/// <summary>The port that performs helm rollback: the user's helm executable, or the sandbox's helm endpoint.</summary>
public interface IHelmExecutor
{
    /// <summary>For results and transcripts, e.g. "helm v3.15.4+gfa9efb0 (/usr/local/bin/helm)" or "sandbox".</summary>
    string Description { get; }

    /// <summary>Prepares the executor (finds helm, detects its major version). Throws <see cref="DrillException"/>.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The argv that <see cref="RollbackAsync"/> runs for <paramref name="invocation"/>.</summary>
    IReadOnlyList<string> ArgumentsFor(HelmInvocation invocation);

    /// <summary>
    /// Runs the rollback. A non-zero exit is returned, not thrown; cancellation kills helm and returns what was
    /// captured with <see cref="HelmExecution.Killed"/> set.
    /// </summary>
    Task<HelmExecution> RollbackAsync(HelmInvocation invocation, CancellationToken cancellationToken);
}
