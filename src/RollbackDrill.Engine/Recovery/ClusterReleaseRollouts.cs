using k8s;
using Polly;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// The Kubernetes adapter of <see cref="IReleaseRolloutReader"/> for one connection (one API client, disposed with
/// this). A release's workloads are found as Wait-ReleaseReady finds them: by Helm's app.kubernetes.io/instance label.
/// </summary>
public sealed class ClusterReleaseRollouts : IReleaseRolloutReader, IDisposable
{
    private readonly IKubernetes client;
    private readonly KubeWorkloadApi api;

    public ClusterReleaseRollouts(ClusterConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        client = connection.CreateClient();
        // No retries inside a check: the probe's next check is the retry, and a check must not outlast its timeout.
        api = new KubeWorkloadApi(client, ResiliencePipeline.Empty);
        Context = connection.Info.Context;
    }

    public string Context { get; }

    public async Task<IReadOnlyList<RolloutState>> ReadAsync(string release, string ns, CancellationToken cancellationToken)
    {
        var selector = $"{ReadinessTarget.InstanceLabel}={release}";
        var lists = await Task.WhenAll(WorkloadKinds.All.Select(k => api.ListAsync(k, ns, selector, null, cancellationToken))).ConfigureAwait(false);
        // kubectl rollout status (per kind): the verdict on the object's current state.
        return lists.SelectMany(l => l.Items).Select(item => RolloutStatusRules.ForObject(item)).ToList();
    }

    public void Dispose() => client.Dispose();
}
