using System.Globalization;
using RollbackDrill.Engine.Rollback;

namespace RollbackDrill.Engine.Tests.Rollback;

/// <summary>An in-memory lock store with the API server's guarantees: create fails on an existing name, replace and delete check the resourceVersion.</summary>
internal sealed class FakeLockStore : IReleaseLockStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, ReleaseLockRecord> objects = new(StringComparer.Ordinal);
    private long rv = 10;

    /// <summary>The next create is stored but answered as 409 (its answer was lost and the retry saw our own object).</summary>
    public bool LoseNextCreateAnswer { get; set; }

    /// <summary>Runs between a Get and the next Replace (a competing writer).</summary>
    public Action? BeforeReplace { get; set; }

    public int Creates;

    public ReleaseLockRecord? this[string name]
    {
        get
        {
            lock (gate)
            {
                return objects.GetValueOrDefault(name);
            }
        }
    }

    public ReleaseLockRecord Put(string name, IReadOnlyDictionary<string, string> annotations)
    {
        lock (gate)
        {
            var r = new ReleaseLockRecord(name, (++rv).ToString(CultureInfo.InvariantCulture), annotations);
            objects[name] = r;
            return r;
        }
    }

    public void Remove(string name)
    {
        lock (gate)
        {
            objects.Remove(name);
        }
    }

    public Task<ReleaseLockRecord?> TryCreateAsync(string ns, string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Creates);
        lock (gate)
        {
            if (objects.ContainsKey(name))
            {
                return Task.FromResult<ReleaseLockRecord?>(null);
            }

            var created = Put(name, annotations);
            if (LoseNextCreateAnswer)
            {
                LoseNextCreateAnswer = false;
                return Task.FromResult<ReleaseLockRecord?>(null);
            }

            return Task.FromResult<ReleaseLockRecord?>(created);
        }
    }

    public Task<ReleaseLockRecord?> GetAsync(string ns, string name, CancellationToken cancellationToken) => Task.FromResult(this[name]);

    public Task<ReleaseLockRecord?> TryReplaceAsync(string ns, string name, string resourceVersion, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        BeforeReplace?.Invoke();
        lock (gate)
        {
            return Task.FromResult(objects.TryGetValue(name, out var cur) && cur.ResourceVersion == resourceVersion ? Put(name, annotations) : null);
        }
    }

    public Task<ReleaseLockDeleteResult> DeleteAsync(string ns, string name, string resourceVersion, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(name, out var cur))
            {
                return Task.FromResult(ReleaseLockDeleteResult.Gone);
            }

            if (cur.ResourceVersion != resourceVersion)
            {
                return Task.FromResult(ReleaseLockDeleteResult.Changed);
            }

            objects.Remove(name);
            return Task.FromResult(ReleaseLockDeleteResult.Deleted);
        }
    }
}
