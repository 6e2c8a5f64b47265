using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Helm;

namespace RollbackDrill.TestSupport;

/// <summary>An in-memory <see cref="IReleaseStore"/> that lists records without payloads and counts payload fetches (= decodes).</summary>
public sealed class CountingReleaseStore : IReleaseStore
{
    private readonly List<(ReleaseRecord Record, string Payload)> records = [];
    private int payloadFetches;

    public int PayloadFetches => payloadFetches;

    public int Lists { get; private set; }

    public List<string?> ListedNames { get; } = [];

    public DrillException? ListFailure { get; set; }

    public CountingReleaseStore Add(string name, string ns, int revision, string status, string? payload = null, IDictionary<string, string>? labels = null)
    {
        var record = ReleaseRecord.FromObject(
            HelmStorageDriver.Secret, HelmObjectName.Format(name, revision), ns, labels ?? HelmRecords.Labels(name, revision, status), payload: null);
        records.Add((record, payload ?? HelmRecords.Payload(name, ns, revision, status)));
        return this;
    }

    public Task<IReadOnlyList<ReleaseRecord>> ListAsync(string? ns, string? releaseName, CancellationToken cancellationToken)
    {
        Lists++;
        ListedNames.Add(releaseName);
        if (ListFailure is not null)
        {
            throw ListFailure;
        }

        IReadOnlyList<ReleaseRecord> result = records
            .Select(r => r.Record)
            .Where(r => ns is null || r.ObjectNamespace == ns)
            .Where(r => releaseName is null || r.Labels.GetValueOrDefault("name") == releaseName)
            .Reverse() // the API server's order is not revision order
            .ToList();
        return Task.FromResult(result);
    }

    public Task<string?> GetPayloadAsync(ReleaseRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref payloadFetches);
        return Task.FromResult<string?>(records.Single(r => ReferenceEquals(r.Record, record)).Payload);
    }
}
