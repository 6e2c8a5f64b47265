namespace RollbackDrill.Engine.Rollback;

/// <summary>A held release lock: where it is, the resourceVersion we wrote (the delete precondition), and us as holder.</summary>
public sealed record ReleaseLease(string Namespace, string Name, string ResourceVersion, ReleaseLockHolder Holder);
