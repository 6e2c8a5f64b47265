namespace RollbackDrill.Sandbox.Helm;

/// <summary>What a rollback did: current → target revision, the new revision and its final status.</summary>
public sealed record HelmRollbackResult(
    string Release,
    string Namespace,
    int CurrentRevision,
    int TargetRevision,
    int NewRevision,
    string Status,
    string Description,
    bool Killed,
    IReadOnlyList<int> PrunedRevisions);
