namespace RollbackDrill.Engine.Rules;

/// <summary>The result of checking Helm's storage after a rollback.</summary>
/// <param name="Succeeded">Revision current+1 is deployed with the target's chart and app version, and alone deployed.</param>
/// <param name="NewRevision">The revision the rollback should have written (current + 1).</param>
/// <param name="NewRevisionStatus">Its status in storage, when it exists.</param>
/// <param name="Problems">What is wrong, one sentence each (empty when it succeeded).</param>
/// <param name="RecommendedAction">What to do about it, when something is wrong.</param>
public sealed record HelmRollbackVerification(
    bool Succeeded,
    int NewRevision,
    HelmReleaseStatus? NewRevisionStatus,
    IReadOnlyList<string> Problems,
    string? RecommendedAction);
