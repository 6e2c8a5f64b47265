namespace RollbackDrill.Engine.Cluster;

/// <summary>A workload read from the cluster: its public status plus the labels/annotations (object and pod template) rules look at.</summary>
public sealed record LiveWorkload(WorkloadStatus Status, IReadOnlyDictionary<string, string> Metadata);
