namespace RollbackDrill.Sandbox;

/// <summary>The API requests a sandbox answered (bounded; oldest dropped first).</summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly Queue<RequestLogEntry> _entries = new();
    private readonly int _limit;

    public RequestLog(int limit = 100_000) => _limit = Math.Max(1, limit);

    /// <summary>A snapshot of the log, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Requests at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<RequestLogEntry> Since(DateTimeOffset since)
    {
        lock (_gate)
        {
            return _entries.Where(e => e.Time >= since).ToList();
        }
    }

    /// <summary>Writes (POST/PUT/PATCH/DELETE) at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<RequestLogEntry> WritesSince(DateTimeOffset since)
    {
        lock (_gate)
        {
            return _entries.Where(e => e.Time >= since && e.IsWrite).ToList();
        }
    }

    /// <summary>True when any write request happened at or after <paramref name="since"/> (e.g. to prove -WhatIf wrote nothing).</summary>
    public bool AnyWriteSince(DateTimeOffset since) => WritesSince(since).Count > 0;

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > _limit)
            {
                _entries.Dequeue();
            }
        }
    }
}
