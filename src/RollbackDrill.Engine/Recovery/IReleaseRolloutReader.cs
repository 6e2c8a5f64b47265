using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// The port the Kubernetes readiness probe reads the cluster through: one read of a release's workloads (Deployment,
/// StatefulSet, DaemonSet) with kubectl rollout status's verdict for each. Failures are the adapter's exceptions.
/// </summary>
public interface IReleaseRolloutReader
{
    Task<IReadOnlyList<RolloutState>> ReadAsync(string release, string ns, CancellationToken cancellationToken);
}
