using k8s;
using k8s.Models;

namespace RollbackDrill.Engine.Workloads;

/// <summary>A list of workloads of one kind and the list's resourceVersion (where a watch resumes).</summary>
public sealed record WorkloadList(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Items, string? ResourceVersion);
