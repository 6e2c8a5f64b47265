namespace RollbackDrill.Engine.Rollback;

/// <summary>A progress report: which release is in which step, and how many are finished.</summary>
public sealed record RollbackProgress(int Index, string Release, string Phase, string Message, int Finished, int Total, bool ReleaseDone);
