using k8s;
using Polly;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Recovery;

/// <summary>The Kubernetes adapter of <see cref="IReleaseRolloutReader"/> for one connection (one API client, disposed with this).</summary>
public sealed class ClusterReleaseRollouts : IReleaseRolloutReader, IDisposable
{
    private readonly IKubernetes client;
    private readonly ReleaseRollouts rollouts;

    public ClusterReleaseRollouts(ClusterConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        client = connection.CreateClient();
        // No retries inside a check: the probe's next check is the retry, and a check must not outlast its timeout.
        rollouts = new ReleaseRollouts(new KubeWorkloadApi(client, ResiliencePipeline.Empty));
    }

    public Task<IReadOnlyList<RolloutState>> ReadAsync(string release, string ns, CancellationToken cancellationToken) =>
        rollouts.ReadAsync(release, ns, cancellationToken);

    public void Dispose() => client.Dispose();
}
