using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Tests.Workloads;

/// <summary>
/// An in-memory IWorkloadApi that behaves like the API server where the waiter depends on it: resourceVersions,
/// watches that replay every event after the resourceVersion they resume from, 410 Gone, dropped streams,
/// transient failures, /scale with resourceVersion preconditions, and a log of writes.
/// </summary>
internal sealed class FakeWorkloadApi : IWorkloadApi
{
    private readonly object gate = new();
    private readonly Dictionary<(string Kind, string Name), IKubernetesObject<V1ObjectMeta>> objects = [];
    private readonly List<(long Rv, WatchEventType Type, string Kind, IKubernetesObject<V1ObjectMeta> Obj)> log = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long rv = 100;
    private int dropEpoch;

    public string Namespace { get; } = "videokit";

    public List<string> Writes { get; } = [];

    public int ListCalls;

    public int WatchCalls;

    public bool ExpireNextWatch { get; set; }

    public int FailNextLists { get; set; }

    public int ConflictsOnNextScale { get; set; }

    public Exception? FailNextList { get; set; }

    public long ResourceVersion => Interlocked.Read(ref rv);

    public void Put(string kind, IKubernetesObject<V1ObjectMeta> obj, WatchEventType? type = null)
    {
        lock (gate)
        {
            var key = (kind, obj.Metadata.Name);
            var t = type ?? (objects.ContainsKey(key) ? WatchEventType.Modified : WatchEventType.Added);
            obj.Metadata.ResourceVersion = (++rv).ToString(System.Globalization.CultureInfo.InvariantCulture);
            objects[key] = obj;
            log.Add((rv, t, kind, obj));
            Signal();
        }
    }

    public void Delete(string kind, string name)
    {
        lock (gate)
        {
            if (objects.Remove((kind, name), out var obj))
            {
                obj.Metadata.ResourceVersion = (++rv).ToString(System.Globalization.CultureInfo.InvariantCulture);
                log.Add((rv, WatchEventType.Deleted, kind, obj));
                Signal();
            }
        }
    }

    /// <summary>Ends every open watch with a transport failure (as a dropped connection does).</summary>
    public void DropWatches()
    {
        lock (gate)
        {
            dropEpoch++;
            Signal();
        }
    }

    public Task<WorkloadList> ListAsync(string kind, string ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ListCalls);
        lock (gate)
        {
            if (FailNextList is { } fail)
            {
                FailNextList = null;
                throw fail;
            }

            if (FailNextLists > 0)
            {
                FailNextLists--;
                throw Http(HttpStatusCode.ServiceUnavailable);
            }

            var items = objects.Where(o => o.Key.Kind == kind && Matches(o.Value, labelSelector, fieldSelector)).Select(o => Clone(o.Value)).ToList();
            return Task.FromResult(new WorkloadList(items, rv.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public async IAsyncEnumerable<WorkloadWatchEvent> WatchAsync(
        string kind, string ns, string? labelSelector, string? fieldSelector, string? resourceVersion, TimeSpan serverTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref WatchCalls);
        long from = long.Parse(resourceVersion ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        int epoch;
        lock (gate)
        {
            if (ExpireNextWatch)
            {
                ExpireNextWatch = false;
                throw new WatchExpiredException("too old resource version");
            }

            epoch = dropEpoch;
        }

        while (true)
        {
            List<(long Rv, WatchEventType Type, string Kind, IKubernetesObject<V1ObjectMeta> Obj)> pending;
            Task wait;
            lock (gate)
            {
                if (dropEpoch != epoch)
                {
                    throw new HttpRequestException("The response ended prematurely (simulated drop).");
                }

                pending = log.Where(e => e.Rv > from && e.Kind == kind && Matches(e.Obj, labelSelector, fieldSelector)).ToList();
                wait = changed.Task;
            }

            foreach (var e in pending)
            {
                from = e.Rv;
                yield return new WorkloadWatchEvent(e.Type, Clone(e.Obj));
            }

            if (pending.Count == 0)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<WorkloadScale> GetScaleAsync(string kind, string ns, string name, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!objects.TryGetValue((kind, name), out var obj))
            {
                throw Http(HttpStatusCode.NotFound);
            }

            return Task.FromResult(new WorkloadScale(SpecReplicas(obj), 0, obj.Metadata.ResourceVersion));
        }
    }

    public Task<WorkloadScale> ReplaceScaleAsync(string kind, string ns, string name, int replicas, string? resourceVersion, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var obj = objects[(kind, name)];
            if (ConflictsOnNextScale > 0)
            {
                ConflictsOnNextScale--;
                // Someone else writes meanwhile: the resourceVersion moves on.
                Put(kind, obj);
                throw Http(HttpStatusCode.Conflict);
            }

            if (resourceVersion != obj.Metadata.ResourceVersion)
            {
                throw Http(HttpStatusCode.Conflict);
            }

            Writes.Add($"scale {kind}/{name} {replicas}");
            switch (obj)
            {
                case V1Deployment d:
                    d.Spec.Replicas = replicas;
                    d.Metadata.Generation = (d.Metadata.Generation ?? 1) + 1;
                    break;
                case V1StatefulSet s:
                    s.Spec.Replicas = replicas;
                    s.Metadata.Generation = (s.Metadata.Generation ?? 1) + 1;
                    break;
            }

            Put(kind, obj);
            return Task.FromResult(new WorkloadScale(replicas, 0, obj.Metadata.ResourceVersion));
        }
    }

    public List<V1ReplicaSet> ReplicaSets { get; } = [];

    public Task<V1Deployment> GetDeploymentAsync(string ns, string name, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return objects.TryGetValue((WorkloadKinds.Deployment, name), out var d)
                ? Task.FromResult((V1Deployment)Clone(d))
                : throw Http(HttpStatusCode.NotFound);
        }
    }

    public Task<IReadOnlyList<V1ReplicaSet>> ListReplicaSetsAsync(string ns, string labelSelector, CancellationToken cancellationToken)
    {
        LastReplicaSetSelector = labelSelector;
        return Task.FromResult<IReadOnlyList<V1ReplicaSet>>(ReplicaSets.ToList());
    }

    public Task<V1Deployment> PatchDeploymentAsync(string ns, string name, string jsonPatch, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Writes.Add($"patch {name} {jsonPatch}");
            return Task.FromResult((V1Deployment)Clone(objects[(WorkloadKinds.Deployment, name)]));
        }
    }

    public string? LastReplicaSetSelector { get; private set; }

    internal static HttpOperationException Http(HttpStatusCode code) => new($"HTTP {(int)code}")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), $"{{\"kind\":\"Status\",\"code\":{(int)code},\"message\":\"simulated {(int)code}\"}}"),
    };

    private static int SpecReplicas(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Deployment d => d.Spec?.Replicas ?? 1,
        V1StatefulSet s => s.Spec?.Replicas ?? 1,
        _ => 0,
    };

    private static bool Matches(IKubernetesObject<V1ObjectMeta> obj, string? labelSelector, string? fieldSelector)
    {
        if (!string.IsNullOrEmpty(fieldSelector) && fieldSelector != $"metadata.name={obj.Metadata.Name}")
        {
            return false;
        }

        if (string.IsNullOrEmpty(labelSelector))
        {
            return true;
        }

        var (key, value) = (labelSelector.Split('=')[0], labelSelector.Split('=')[1]);
        return obj.Metadata.Labels?.TryGetValue(key, out var v) == true && v == value;
    }

    private static IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Deployment d => KubernetesJson.Deserialize<V1Deployment>(KubernetesJson.Serialize(d)),
        V1StatefulSet s => KubernetesJson.Deserialize<V1StatefulSet>(KubernetesJson.Serialize(s)),
        V1DaemonSet ds => KubernetesJson.Deserialize<V1DaemonSet>(KubernetesJson.Serialize(ds)),
        _ => obj,
    };

    private void Signal()
    {
        var old = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }
}
