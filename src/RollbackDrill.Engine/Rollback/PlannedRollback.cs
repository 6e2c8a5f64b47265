using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Rollback;

/// <summary>A plan with the rule-level facts the executor needs to verify it (target and history as read).</summary>
public sealed record PlannedRollback(RollbackPlan Plan, HelmRollbackTarget Target, IReadOnlyList<HelmRevisionRecord> History);
