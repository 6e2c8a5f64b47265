using k8s;

namespace RollbackDrill.Engine.Cluster;

/// <summary><see cref="IWorkloadReader"/> over KubernetesClient.</summary>
public sealed class KubeWorkloadReader : IWorkloadReader
{
    private readonly IKubernetes client;

    public KubeWorkloadReader(IKubernetes client) => this.client = client;

    public async Task<IReadOnlyList<LiveWorkload>> ListWorkloadsAsync(string ns, string labelSelector, CancellationToken cancellationToken)
    {
        var result = new List<LiveWorkload>();
        var resource = "deployments.apps";
        try
        {
            var deployments = await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            result.AddRange(deployments.Items.Select(WorkloadMapper.FromDeployment));
            resource = "statefulsets.apps";
            var statefulSets = await client.AppsV1.ListNamespacedStatefulSetAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            result.AddRange(statefulSets.Items.Select(WorkloadMapper.FromStatefulSet));
            resource = "daemonsets.apps";
            var daemonSets = await client.AppsV1.ListNamespacedDaemonSetAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            result.AddRange(daemonSets.Items.Select(WorkloadMapper.FromDaemonSet));
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "list", resource, ns, labelSelector);
        }

        return result.OrderBy(w => w.Status.Kind, StringComparer.Ordinal).ThenBy(w => w.Status.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<PodInfo>> ListPodsAsync(string ns, string labelSelector, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            return pods.Items.Select(p => WorkloadMapper.FromPod(p, now)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "list", "pods", ns, labelSelector);
        }
    }
}
