namespace RollbackDrill.Engine.Rollback;

/// <summary>What a precondition-guarded delete of the lock found.</summary>
public enum ReleaseLockDeleteResult
{
    /// <summary>Deleted: the lock was ours and is released.</summary>
    Deleted,

    /// <summary>404: the lock was already gone.</summary>
    Gone,

    /// <summary>409: the lock changed since we wrote it (it expired and was taken over); it was left alone.</summary>
    Changed,
}
