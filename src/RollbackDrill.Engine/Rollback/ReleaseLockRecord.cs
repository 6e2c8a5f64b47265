namespace RollbackDrill.Engine.Rollback;

/// <summary>The lock object as stored: its resourceVersion (for preconditions) and its annotations (the holder).</summary>
public sealed record ReleaseLockRecord(string Name, string ResourceVersion, IReadOnlyDictionary<string, string> Annotations);
