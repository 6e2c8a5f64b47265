using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Cluster;

/// <summary>Helm's release storage, read-only: list records by labels without decoding, and get one record's payload.</summary>
public interface IReleaseStore
{
    /// <summary>
    /// Lists the records of one release (<paramref name="releaseName"/>) or of all releases (null), in one namespace
    /// or in all (<paramref name="ns"/> null). Label selector as Helm's drivers query: owner=helm[,name=X].
    /// </summary>
    Task<IReadOnlyList<ReleaseRecord>> ListAsync(string? ns, string? releaseName, CancellationToken cancellationToken);

    /// <summary>The record's <c>release</c> text (base64(gzip(json))): from the listing when it carried it, else fetched.</summary>
    Task<string?> GetPayloadAsync(ReleaseRecord record, CancellationToken cancellationToken);
}
