namespace RollbackDrill.Engine.Workloads;

/// <summary>A workload's /scale subresource: spec.replicas, status.replicas and the resourceVersion to use as a precondition.</summary>
public sealed record WorkloadScale(int SpecReplicas, int StatusReplicas, string? ResourceVersion);
