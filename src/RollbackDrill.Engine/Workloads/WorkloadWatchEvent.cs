using k8s;
using k8s.Models;

namespace RollbackDrill.Engine.Workloads;

/// <summary>One event of a workload watch: ADDED/MODIFIED/DELETED with the object, or BOOKMARK with a resourceVersion only.</summary>
public sealed record WorkloadWatchEvent(WatchEventType Type, IKubernetesObject<V1ObjectMeta> Item)
{
    public string? ResourceVersion => Item.Metadata?.ResourceVersion;
}
