namespace RollbackDrill.Engine.Workloads;

/// <summary>What one scale did: spec.replicas before and after, whether anything was written, and when.</summary>
public sealed record ScaleOutcome(WorkloadRef Workload, int PreviousReplicas, int Replicas, bool Changed, DateTimeOffset ScaledAt);
