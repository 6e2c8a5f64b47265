using k8s.Models;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Workloads;

/// <summary>What kubectl rollout undo would do to one Deployment (the rules' plan), its current revision and the template changes.</summary>
public sealed record UndoPreview(WorkloadRef Workload, RolloutUndoPlan Plan, long CurrentRevision, IReadOnlyList<string> Changes, V1Deployment Deployment);
