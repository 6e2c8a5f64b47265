namespace RollbackDrill.Sandbox;

/// <summary>Runtime fault injection for a sandbox: errors, latency, dropped watches, forced 410/409, API down.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Used)> _rules = [];
    private readonly ResourceStore _store;
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;
    private bool _downCloses;
    private int _forceGone;
    private int _forceConflict;

    internal FaultInjector(ResourceStore store, SandboxOptions options)
    {
        _store = store;
        AddedLatency = options.AddedLatency;
        foreach (var r in options.Faults)
        {
            AddErrorRule(r);
        }
    }

    /// <summary>Latency added before every API request is answered.</summary>
    public TimeSpan AddedLatency { get; set; }

    /// <summary>Adds an error rule; it stays until <see cref="Clear"/> or its Count is used up.</summary>
    public void AddErrorRule(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _rules.Add((rule, 0));
        }
    }

    /// <summary>Shorthand: fail requests with <paramref name="statusCode"/> (500, 503, 429, ...).</summary>
    public void FailRequests(int statusCode, double rate = 1.0, string? pathContains = null, string? verb = null, int? count = null, int retryAfterSeconds = 1) =>
        AddErrorRule(new FaultRule(statusCode, rate, pathContains, verb, count, retryAfterSeconds));

    /// <summary>Ends every open watch stream now (clients see the stream close and must re-watch).</summary>
    public void DropWatches() => _store.DropAllWatches();

    /// <summary>The next watch that resumes from a resourceVersion gets a 410 Gone (Expired) event.</summary>
    public void ForceGoneOnNextWatchResume() => Interlocked.Exchange(ref _forceGone, 1);

    /// <summary>The next update (PUT or PATCH) answers 409 Conflict without writing.</summary>
    public void ForceConflictOnNextUpdate() => Interlocked.Exchange(ref _forceConflict, 1);

    /// <summary>The API is down for <paramref name="duration"/>: requests get 503, or their connections are closed.</summary>
    public void TakeApiDown(TimeSpan duration, bool closeConnections = false)
    {
        lock (_gate)
        {
            _downUntil = DateTimeOffset.UtcNow + duration;
            _downCloses = closeConnections;
        }
    }

    /// <summary>True while the API is down.</summary>
    public bool IsApiDown => DateTimeOffset.UtcNow < _downUntil;

    /// <summary>Removes every fault (rules, latency, pending forced 410/409, downtime).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _downUntil = DateTimeOffset.MinValue;
        }

        AddedLatency = TimeSpan.Zero;
        Interlocked.Exchange(ref _forceGone, 0);
        Interlocked.Exchange(ref _forceConflict, 0);
    }

    /// <summary>What to do with a request: null = serve it; CloseConnection = drop it; else the error to answer.</summary>
    internal FaultDecision? Decide(string method, string path)
    {
        lock (_gate)
        {
            if (DateTimeOffset.UtcNow < _downUntil)
            {
                return _downCloses
                    ? new FaultDecision(null, true)
                    : new FaultDecision(new ApiException(503, "ServiceUnavailable", "the sandbox API is down (injected fault)") { RetryAfterSeconds = 1 }, false);
            }

            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, used) = _rules[i];
                if ((rule.PathContains is not null && !path.Contains(rule.PathContains, StringComparison.Ordinal)) ||
                    (rule.Verb is not null && !string.Equals(rule.Verb, method, StringComparison.OrdinalIgnoreCase)) ||
                    Random.Shared.NextDouble() >= rule.Rate)
                {
                    continue;
                }

                _rules[i] = (rule, used + 1);
                if (rule.Count is { } max && used + 1 >= max)
                {
                    _rules.RemoveAt(i);
                }

                return new FaultDecision(ErrorFor(rule), false);
            }
        }

        return null;
    }

    internal bool TakeForcedGone() => Interlocked.Exchange(ref _forceGone, 0) == 1;

    internal bool TakeForcedConflict() => Interlocked.Exchange(ref _forceConflict, 0) == 1;

    private static ApiException ErrorFor(FaultRule rule) => rule.StatusCode switch
    {
        429 => new ApiException(429, "TooManyRequests", "Too many requests, please try again later. (injected fault)") { RetryAfterSeconds = rule.RetryAfterSeconds },
        503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)") { RetryAfterSeconds = rule.RetryAfterSeconds },
        500 => new ApiException(500, "InternalError", "Internal error occurred: injected fault"),
        504 => new ApiException(504, "Timeout", "the server was unable to return a response in the time allotted (injected fault)"),
        var c => new ApiException(c, "InternalError", $"injected fault (HTTP {c})"),
    };
}

internal sealed record FaultDecision(ApiException? Error, bool CloseConnection);
