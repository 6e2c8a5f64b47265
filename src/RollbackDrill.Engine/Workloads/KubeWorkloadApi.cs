using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// <see cref="IWorkloadApi"/> over KubernetesClient. Reads and precondition-guarded writes are retried on transient
/// failures (<see cref="ApiRetry"/>); the undo patch is sent once, as kubectl sends it.
/// </summary>
public sealed class KubeWorkloadApi : IWorkloadApi
{
    private readonly IKubernetes client;
    private readonly ResiliencePipeline retry;

    public KubeWorkloadApi(IKubernetes client, ResiliencePipeline? retry = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.retry = retry ?? ApiRetry.Create();
    }

    public Task<WorkloadList> ListAsync(string kind, string ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async ct => kind switch
            {
                WorkloadKinds.Deployment => Of(await client.AppsV1.ListNamespacedDeploymentAsync(ns, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false)),
                WorkloadKinds.StatefulSet => Of(await client.AppsV1.ListNamespacedStatefulSetAsync(ns, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false)),
                WorkloadKinds.DaemonSet => Of(await client.AppsV1.ListNamespacedDaemonSetAsync(ns, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false)),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a workload kind."),
            },
            cancellationToken).AsTask();

    public IAsyncEnumerable<WorkloadWatchEvent> WatchAsync(
        string kind, string ns, string? labelSelector, string? fieldSelector, string? resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(serverTimeout.TotalSeconds), 1, 3600);
        var errors = new WatchErrors();
        return kind switch
        {
            WorkloadKinds.Deployment => Watch(
                client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: seconds, onError: errors.Add, cancellationToken: cancellationToken),
                errors),
            WorkloadKinds.StatefulSet => Watch(
                client.AppsV1.WatchListNamespacedStatefulSetAsync(ns, allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: seconds, onError: errors.Add, cancellationToken: cancellationToken),
                errors),
            WorkloadKinds.DaemonSet => Watch(
                client.AppsV1.WatchListNamespacedDaemonSetAsync(ns, allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: seconds, onError: errors.Add, cancellationToken: cancellationToken),
                errors),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a workload kind."),
        };
    }

    public Task<WorkloadScale> GetScaleAsync(string kind, string ns, string name, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async ct => Of(kind switch
            {
                WorkloadKinds.Deployment => await client.AppsV1.ReadNamespacedDeploymentScaleAsync(name, ns, cancellationToken: ct).ConfigureAwait(false),
                WorkloadKinds.StatefulSet => await client.AppsV1.ReadNamespacedStatefulSetScaleAsync(name, ns, cancellationToken: ct).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only Deployments and StatefulSets have a /scale subresource."),
            }),
            cancellationToken).AsTask();

    public Task<WorkloadScale> ReplaceScaleAsync(string kind, string ns, string name, int replicas, string? resourceVersion, CancellationToken cancellationToken)
    {
        var body = new V1Scale
        {
            ApiVersion = "autoscaling/v1",
            Kind = "Scale",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion },
            Spec = new V1ScaleSpec { Replicas = replicas },
        };

        // With a resourceVersion the write is conditional (409 on change), so a retry can never apply it twice
        // over someone else's change; without one it is sent once.
        var pipeline = string.IsNullOrEmpty(resourceVersion) ? ResiliencePipeline.Empty : retry;
        return pipeline.ExecuteAsync(
            async ct => Of(kind switch
            {
                WorkloadKinds.Deployment => await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(body, name, ns, cancellationToken: ct).ConfigureAwait(false),
                WorkloadKinds.StatefulSet => await client.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(body, name, ns, cancellationToken: ct).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only Deployments and StatefulSets have a /scale subresource."),
            }),
            cancellationToken).AsTask();
    }

    public Task<V1Deployment> GetDeploymentAsync(string ns, string name, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<IReadOnlyList<V1ReplicaSet>> ListReplicaSetsAsync(string ns, string labelSelector, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async ct => (IReadOnlyList<V1ReplicaSet>)((await client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: labelSelector, cancellationToken: ct).ConfigureAwait(false)).Items ?? []).ToList(),
            cancellationToken).AsTask();

    // kubectl rollout undo sends this patch once, without a precondition; so do we (no retry of the write).
    public Task<V1Deployment> PatchDeploymentAsync(string ns, string name, string jsonPatch, CancellationToken cancellationToken) =>
        client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(jsonPatch, V1Patch.PatchType.JsonPatch), name, ns, cancellationToken: cancellationToken);

    private static WorkloadList Of<T>(IItems<T> list)
        where T : IKubernetesObject<V1ObjectMeta> =>
        new((list.Items ?? []).Cast<IKubernetesObject<V1ObjectMeta>>().ToList(), (list as IMetadata<V1ListMeta>)?.Metadata?.ResourceVersion);

    private static WorkloadScale Of(V1Scale scale) =>
        new(scale.Spec?.Replicas ?? 0, scale.Status?.Replicas ?? 0, scale.Metadata?.ResourceVersion);

    // KubernetesClient reports a Status event (e.g. 410 Gone) and unreadable lines through onError and keeps reading;
    // the server closes the stream after a Status, so the first error ends this watch.
    private static async IAsyncEnumerable<WorkloadWatchEvent> Watch<T>(IAsyncEnumerable<(WatchEventType, T)> events, WatchErrors errors)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        await foreach (var (type, item) in events.ConfigureAwait(false))
        {
            if (errors.First is not null)
            {
                break;
            }

            if (item is not null)
            {
                yield return new WorkloadWatchEvent(type, item);
            }
        }

        switch (errors.First)
        {
            case null:
                yield break;
            case KubernetesException { Status.Code: (int)HttpStatusCode.Gone } gone:
                throw new WatchExpiredException(gone.Status.Message ?? "410 Gone", gone);
            case { } failure:
                throw failure;
        }
    }

    private sealed class WatchErrors
    {
        public Exception? First { get; private set; }

        public void Add(Exception ex) => First ??= ex;
    }
}
