namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// The port for the release lock's storage: one ConfigMap per release in the release's namespace. Every write is
/// atomic on the server: create fails when the object exists, replace and delete carry a resourceVersion
/// precondition, so retrying any of them can never overwrite somebody else's lock.
/// </summary>
public interface IReleaseLockStore
{
    /// <summary>Creates the lock object; null when it already exists (409 AlreadyExists: somebody holds it).</summary>
    Task<ReleaseLockRecord?> TryCreateAsync(string ns, string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken);

    /// <summary>Reads the lock object; null when there is none.</summary>
    Task<ReleaseLockRecord?> GetAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>Replaces the lock's annotations if it is still at <paramref name="resourceVersion"/>; null on 409 Conflict or 404.</summary>
    Task<ReleaseLockRecord?> TryReplaceAsync(string ns, string name, string resourceVersion, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken);

    /// <summary>Deletes the lock if it is still at <paramref name="resourceVersion"/>: Deleted, Gone (404) or Changed (409).</summary>
    Task<ReleaseLockDeleteResult> DeleteAsync(string ns, string name, string resourceVersion, CancellationToken cancellationToken);
}
