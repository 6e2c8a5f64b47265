using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// <see cref="IReleaseRolloutReader"/> over the workload port: a release's workloads are found as Wait-ReleaseReady
/// finds them, by Helm's app.kubernetes.io/instance label, one list per kind.
/// </summary>
public sealed class ReleaseRollouts(IWorkloadApi api) : IReleaseRolloutReader
{
    public async Task<IReadOnlyList<RolloutState>> ReadAsync(string release, string ns, CancellationToken cancellationToken)
    {
        var selector = $"{ReadinessTarget.InstanceLabel}={release}";
        var lists = await Task.WhenAll(WorkloadKinds.All.Select(k => api.ListAsync(k, ns, selector, null, cancellationToken))).ConfigureAwait(false);
        // kubectl rollout status (StatusViewerFor, per kind): the verdict on each object's current state.
        return lists.SelectMany(l => l.Items).Select(item => RolloutStatusRules.ForObject(item)).ToList();
    }
}
