using k8s;
using k8s.Models;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// Waits until workloads are rolled out by kubectl rollout status's rules (<see cref="RolloutStatusRules"/>), by
/// watching rather than polling: per kind, list then watch from the list's resourceVersion; a closed or dropped
/// stream resumes from the last resourceVersion seen (the server replays what happened meanwhile), a 410 Gone
/// lists again (the list shows the current state), so the ready moment is never missed. A workload that fails
/// (ProgressDeadlineExceeded) ends the wait at once; the deadline is one overall deadline. Reusable by any service
/// (Invoke-Rollback waits with it after helm).
/// </summary>
public sealed class ReadinessWaiter
{
    private static readonly TimeSpan MaxServerWatchTimeout = TimeSpan.FromMinutes(5);
    private readonly IWorkloadApi api;
    private readonly TimeProvider time;

    public ReadinessWaiter(IWorkloadApi api, TimeProvider? time = null)
    {
        this.api = api ?? throw new ArgumentNullException(nameof(api));
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The first retry delay after a transient failure (doubles, jittered, up to 2 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the watch loops get to end once the wait is decided.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits for <paramref name="target"/> until every workload is ready, one fails, <paramref name="timeout"/> passes
    /// or <paramref name="cancellationToken"/> is cancelled. Timeouts, failures and cancellation are reported in the
    /// result (with what was seen until then); only API errors that retrying cannot fix (401/403/404 on list, ...) throw
    /// a <see cref="DrillException"/>.
    /// </summary>
    public async Task<ReadinessResult> WaitAsync(
        ReadinessTarget target, string context, TimeSpan timeout, IProgress<WorkloadReadiness>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var run = new Run(this, target, progress, time.GetUtcNow(), timeout);
        using var deadline = new CancellationTokenSource(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, run.Finished.Token);
        var loops = run.Scopes.Select(s => Task.Run(() => run.ScopeLoopAsync(s, stop.Token), CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAny(Task.WhenAll(loops), Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // A watch read that ignores cancellation (a stalled stream) must not hold the answer back: the loops get a
            // short grace to end, and a straggler is left to end on its own (its outcome no longer matters).
            var all = Task.WhenAll(loops);
            if (await Task.WhenAny(all, Task.Delay(StopGrace, CancellationToken.None)).ConfigureAwait(false) != all)
            {
                _ = all.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        if (run.Fatal is { } fatal)
        {
            throw fatal;
        }

        return run.Result(context, time.GetUtcNow(), timedOut: deadline.IsCancellationRequested && !run.IsComplete, cancelled: cancellationToken.IsCancellationRequested && !run.IsComplete);
    }

    private sealed record Scope(string Kind, string? LabelSelector, string? FieldSelector, WorkloadRef? Named);

    private sealed class Entry(WorkloadRef workload)
    {
        public WorkloadRef Workload { get; } = workload;

        public RolloutState? State { get; set; }

        public DateTimeOffset? ReadyAt { get; set; }

        public DateTimeOffset ObservedAt { get; set; }

        /// <summary>Set for a named workload that is missing or was deleted.</summary>
        public string? Gone { get; set; }

        public bool Ready => ReadyAt is not null;

        public bool Failed => Gone is not null || (State?.Failed ?? false);
    }

    private sealed class Run
    {
        private readonly ReadinessWaiter owner;
        private readonly ReadinessTarget target;
        private readonly IProgress<WorkloadReadiness>? progress;
        private readonly DateTimeOffset startedAt;
        private readonly TimeSpan timeout;
        private readonly object gate = new();
        private readonly Dictionary<(string Kind, string Name), Entry> entries = [];
        private readonly HashSet<Scope> listed = [];
        private int reconnects;
        private Exception? lastTransient;

        public Run(ReadinessWaiter owner, ReadinessTarget target, IProgress<WorkloadReadiness>? progress, DateTimeOffset startedAt, TimeSpan timeout)
        {
            this.owner = owner;
            this.target = target;
            this.progress = progress;
            this.startedAt = startedAt;
            this.timeout = timeout;
            Scopes = target.Workloads is { } named
                ? named.Select(w => new Scope(w.Kind, null, $"metadata.name={w.Name}", w)).ToList()
                : WorkloadKinds.All.Select(k => new Scope(k, $"{ReadinessTarget.InstanceLabel}={target.Release}", null, null)).ToList();
        }

        public List<Scope> Scopes { get; }

        public CancellationTokenSource Finished { get; } = new();

        public DrillException? Fatal { get; private set; }

        public bool IsComplete { get; private set; }

        public async Task ScopeLoopAsync(Scope scope, CancellationToken token)
        {
            string? resourceVersion = null;
            var needList = true;
            var failures = 0;
            while (!token.IsCancellationRequested)
            {
                var reading = false;
                try
                {
                    if (needList)
                    {
                        var list = await owner.api.ListAsync(scope.Kind, target.Namespace, scope.LabelSelector, scope.FieldSelector, token).ConfigureAwait(false);
                        ApplyList(scope, list);
                        resourceVersion = list.ResourceVersion;
                        needList = false;
                    }

                    var remaining = startedAt + timeout - owner.time.GetUtcNow();
                    var serverTimeout = remaining < MaxServerWatchTimeout ? remaining : MaxServerWatchTimeout;
                    var stream = owner.api.WatchAsync(scope.Kind, target.Namespace, scope.LabelSelector, scope.FieldSelector, resourceVersion, serverTimeout, token);
                    reading = true;
                    await foreach (var ev in stream.ConfigureAwait(false))
                    {
                        failures = 0;
                        resourceVersion = ev.ResourceVersion ?? resourceVersion;
                        Apply(scope, ev);
                    }

                    // The server closed the stream (its timeout, or a proxy's): resume from the last resourceVersion.
                    Interlocked.Increment(ref reconnects);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (WatchExpiredException)
                {
                    // 410 Gone: the resourceVersion is too old; list again (current state) and watch from there.
                    Interlocked.Increment(ref reconnects);
                    needList = true;
                }
                catch (Exception ex) when (WorkloadApiErrors.IsTransient(ex, token) || ex is System.Text.Json.JsonException || (reading && WorkloadApiErrors.IsDroppedWatch(ex)))
                {
                    // Dropped connection (also HttpClient's ParseStatusLine failure on a half-read stream), 429, 5xx, a
                    // garbled stream: back off (bounded, jittered), then resume from the last resourceVersion or relist.
                    Interlocked.Increment(ref reconnects);
                    needList |= ex is System.Text.Json.JsonException;
                    lastTransient = ex;
                    failures++;
                    var delay = Math.Min(2000, owner.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 5)));
                    delay = WorkloadApiErrors.RetryAfter(ex)?.TotalMilliseconds ?? (delay / 2) + (Random.Shared.NextDouble() * delay / 2);
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(delay), owner.time, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, token))
                {
                    var verb = needList ? "list" : "watch";
                    lock (gate)
                    {
                        Fatal ??= WorkloadApiErrors.Map(ex, verb, WorkloadKinds.Resource(scope.Kind), target.Namespace, (object?)target.Release ?? scope.Named?.ToString(), scope.Named?.Name);
                    }

                    Complete();
                    return;
                }
            }
        }

        public ReadinessResult Result(string context, DateTimeOffset completedAt, bool timedOut, bool cancelled)
        {
            lock (gate)
            {
                var order = WorkloadKinds.All.ToList();
                var workloads = entries.Values
                    .OrderBy(e => order.IndexOf(e.Workload.Kind)).ThenBy(e => e.Workload.Name, StringComparer.Ordinal)
                    .Select(e => Snapshot(e, timedOut ? "Timeout" : cancelled ? "Stopped" : null))
                    .ToList();
                if (target.Workloads is { } named)
                {
                    // Named workloads never seen (the list did not answer before the deadline) are reported too.
                    foreach (var w in named.Where(w => !entries.ContainsKey((w.Kind, w.Name))))
                    {
                        workloads.Add(new WorkloadReadiness
                        {
                            Kind = w.Kind,
                            Namespace = w.Namespace,
                            Name = w.Name,
                            Failed = true,
                            Reason = timedOut ? "Timeout" : cancelled ? "Stopped" : "NotFound",
                            Message = $"{WorkloadKinds.Lower(w.Kind)} {Quote(w.Name)} was not read",
                            ObservedAt = completedAt,
                        });
                    }
                }

                var succeeded = IsComplete && workloads.Count > 0 && workloads.All(w => w.Ready)
                    || (IsComplete && workloads.Count == 0 && !target.RequireWorkloads);
                var firstBad = workloads.FirstOrDefault(w => w.Failed && w.Reason is not "Timeout" and not "Stopped")
                    ?? workloads.FirstOrDefault(w => !w.Ready);
                string message;
                if (succeeded)
                {
                    message = workloads.Count == 0
                        ? $"No workloads in {target}; nothing to wait for."
                        : $"{workloads.Count} workload(s) rolled out in {Format(completedAt - startedAt)}.";
                }
                else if (workloads.Count == 0 && !timedOut && !cancelled)
                {
                    message = $"No Deployment, StatefulSet or DaemonSet is labelled {ReadinessTarget.InstanceLabel}={target.Release} in namespace {target.Namespace}.";
                }
                else
                {
                    var what = firstBad is null ? string.Empty
                        : $" {WorkloadKinds.Lower(firstBad.Kind)} {Quote(firstBad.Name)}: {firstBad.Message} ({Counters(firstBad)})";
                    message = timedOut ? $"Timed out after {Format(timeout)} waiting for{what}{TransientNote()}."
                        : cancelled ? $"Stopped after {Format(completedAt - startedAt)} while waiting for{what}."
                        : $"Rollout failed:{what}.";
                }

                return new ReadinessResult
                {
                    Release = target.Release,
                    Namespace = target.Namespace,
                    Context = context,
                    Succeeded = succeeded,
                    TimedOut = timedOut,
                    Cancelled = cancelled,
                    Message = message,
                    StartedAt = startedAt,
                    CompletedAt = completedAt,
                    ReadyAt = succeeded ? workloads.Max(w => w.ReadyAt) : null,
                    Workloads = workloads,
                    WatchReconnects = Volatile.Read(ref reconnects),
                };
            }
        }

        private void ApplyList(Scope scope, WorkloadList list)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.Items)
            {
                seen.Add(item.Metadata?.Name ?? string.Empty);
                Observe(scope, item);
            }

            lock (gate)
            {
                // A workload gone from a fresh list was deleted while the watch was down.
                foreach (var key in entries.Keys.Where(k => k.Kind == scope.Kind && (scope.Named is null || k.Name == scope.Named.Name) && !seen.Contains(k.Name)).ToList())
                {
                    Remove(scope, key);
                }

                if (scope.Named is { } named && !seen.Contains(named.Name) && !entries.ContainsKey((named.Kind, named.Name)))
                {
                    // kubectl rollout status: Error from server (NotFound): deployments.apps "x" not found
                    var entry = new Entry(named) { Gone = $"{WorkloadKinds.Resource(named.Kind)} {Quote(named.Name)} not found", ObservedAt = owner.time.GetUtcNow() };
                    entries[(named.Kind, named.Name)] = entry;
                    Report(entry);
                }

                listed.Add(scope);
            }

            CheckComplete();
        }

        private void Apply(Scope scope, WorkloadWatchEvent ev)
        {
            switch (ev.Type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    Observe(scope, ev.Item);
                    break;
                case WatchEventType.Deleted:
                    lock (gate)
                    {
                        Remove(scope, (scope.Kind, ev.Item.Metadata?.Name ?? string.Empty));
                    }

                    CheckComplete();
                    break;
                default:
                    break; // BOOKMARK: only the resourceVersion matters.
            }
        }

        private void Observe(Scope scope, IKubernetesObject<V1ObjectMeta> item)
        {
            var now = owner.time.GetUtcNow();
            var state = RolloutStatusRules.ForObject(item);
            var name = item.Metadata?.Name ?? string.Empty;
            lock (gate)
            {
                if (!entries.TryGetValue((scope.Kind, name), out var entry))
                {
                    entry = new Entry(new WorkloadRef(scope.Kind, item.Metadata?.NamespaceProperty ?? target.Namespace, name));
                    entries[(scope.Kind, name)] = entry;
                }

                // kubectl rollout status stops at the first done state; a ready workload stays ready.
                if (entry.Ready || entry.Failed)
                {
                    return;
                }

                entry.State = state;
                entry.Gone = null;
                entry.ObservedAt = now;
                if (state.Ready)
                {
                    entry.ReadyAt = now;
                }

                Report(entry);
            }

            CheckComplete();
        }

        // Caller holds the gate.
        private void Remove(Scope scope, (string Kind, string Name) key)
        {
            if (!entries.TryGetValue(key, out var entry) || entry.Ready)
            {
                return;
            }

            if (scope.Named is not null)
            {
                // kubectl rollout status fails when the object it watches is deleted.
                entry.Gone = "object has been deleted";
                entry.ObservedAt = owner.time.GetUtcNow();
                Report(entry);
            }
            else
            {
                // A release's workload removed (e.g. the rolled-back revision has no such Deployment) is not waited for.
                entries.Remove(key);
            }
        }

        private void CheckComplete()
        {
            lock (gate)
            {
                if (IsComplete)
                {
                    return;
                }

                var anyFailed = entries.Values.Any(e => e.Failed);
                var allListed = listed.Count == Scopes.Count;
                var allReady = entries.Values.All(e => e.Ready)
                    && (target.Workloads is null || target.Workloads.All(w => entries.ContainsKey((w.Kind, w.Name))));
                if (!anyFailed && !(allListed && allReady))
                {
                    return;
                }

                IsComplete = true;
            }

            Complete();
        }

        private void Complete()
        {
            try
            {
                Finished.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The wait already ended.
            }
        }

        private void Report(Entry entry) => progress?.Report(Snapshot(entry, null));

        private WorkloadReadiness Snapshot(Entry e, string? endReason)
        {
            var c = e.State?.Counters ?? RolloutCounters.None;
            var reason = e.Ready ? "Complete"
                : e.Gone is not null ? (e.Gone.EndsWith("not found", StringComparison.Ordinal) ? "NotFound" : "Deleted")
                : e.State?.Failed == true ? e.State.Reason.ToString()
                : endReason ?? e.State?.Reason.ToString() ?? "Pending";
            return new WorkloadReadiness
            {
                Release = target.Release,
                Kind = e.Workload.Kind,
                Namespace = e.Workload.Namespace,
                Name = e.Workload.Name,
                Ready = e.Ready,
                Failed = !e.Ready && (e.Failed || endReason is not null),
                Reason = reason,
                Message = e.Gone ?? e.State?.Message ?? "not observed yet",
                ReadyAt = e.ReadyAt,
                ObservedAt = e.ObservedAt,
                DesiredReplicas = c.Desired,
                UpdatedReplicas = c.Updated,
                ReadyReplicas = c.Ready,
                AvailableReplicas = c.Available,
                TotalReplicas = c.Total,
            };
        }

        private string TransientNote() => lastTransient is null ? string.Empty : $" (last API error: {lastTransient.Message})";

        private static string Counters(WorkloadReadiness w) =>
            $"{w.UpdatedReplicas}/{w.DesiredReplicas} updated, {w.ReadyReplicas} ready, {w.AvailableReplicas} available";

        private static string Quote(string name) => "\"" + name + "\"";
    }

    /// <summary>A duration as Go prints it (helm's and kubectl's --timeout): 5m0s, 1m30s, 2.5s, 300ms.</summary>
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1))
        {
            return $"{(int)d.TotalMilliseconds}ms";
        }

        var h = (int)d.TotalHours;
        var s = d.TotalSeconds - (h * 3600) - (d.Minutes * 60);
        var sec = Math.Round(s, 3).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
        return h > 0 ? $"{h}h{d.Minutes}m{sec}" : d.Minutes > 0 ? $"{d.Minutes}m{sec}" : sec;
    }
}
