namespace RollbackDrill.Engine.Rollback;

/// <summary>One release to roll back: its (confirmed) plan and the cluster it lives on.</summary>
public sealed record RollbackJob(RollbackPlan Plan, RollbackCluster Cluster);
