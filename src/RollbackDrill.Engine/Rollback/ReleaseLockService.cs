using System.Globalization;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// The cross-process, cross-machine lock of one release, kept in the cluster: ConfigMap
/// <c>rollbackdrill-lock.&lt;release&gt;</c> in the release's namespace, holder and expiry in its annotations.
/// Acquire = create (the API server's create is atomic: 409 AlreadyExists means held); an expired lock is taken over
/// only by a replace carrying the resourceVersion that was read (two takers: one wins, the other gets 409); release =
/// delete with the resourceVersion we wrote as precondition (never deletes a lock somebody took over).
/// RBAC: configmaps get, create, update, delete in the release namespace.
/// </summary>
public sealed class ReleaseLockService
{
    public const string NamePrefix = "rollbackdrill-lock.";
    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/managed-by"] = "RollbackDrill",
        ["rollbackdrill.io/lock"] = "release",
    };

    private readonly IReleaseLockStore store;
    private readonly TimeProvider time;

    public ReleaseLockService(IReleaseLockStore store, TimeProvider? time = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>How often a waiting caller looks at the lock again (jittered ±50 %).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The lock ConfigMap's name for <paramref name="release"/>.</summary>
    public static string LockName(string release) => NamePrefix + release;

    /// <summary>
    /// Takes the lock of <paramref name="release"/> for <paramref name="me"/>. When it is held and not expired: returns
    /// the holder at once, or with <paramref name="wait"/> looks again until it is free or <paramref name="waitUntil"/>.
    /// API failures throw <see cref="DrillException"/> (the adapter maps them).
    /// </summary>
    public async Task<ReleaseLockAttempt> AcquireAsync(string ns, string release, ReleaseLockHolder me, bool wait, DateTimeOffset waitUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(me);
        var name = LockName(release);
        var started = time.GetUtcNow();
        var annotations = me.ToAnnotations();
        ReleaseLockHolder? seen = null;
        for (var attempt = 0; ; attempt++)
        {
            var created = await store.TryCreateAsync(ns, name, Labels, annotations, cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                return new ReleaseLockAttempt { Lease = new ReleaseLease(ns, name, created.ResourceVersion, me), WaitedFor = seen, Waited = time.GetUtcNow() - started };
            }

            var current = await store.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
            var holder = current is null ? null : ReleaseLockHolder.FromAnnotations(current.Annotations);
            if (current is not null && holder?.LockId == me.LockId)
            {
                // Our own create landed but its answer was lost (then retried): the lock is ours.
                return new ReleaseLockAttempt { Lease = new ReleaseLease(ns, name, current.ResourceVersion, me), WaitedFor = seen, Waited = time.GetUtcNow() - started };
            }

            var now = time.GetUtcNow();
            if (current is not null && holder is not null && IsExpired(holder, now))
            {
                // Stale: its holder died or lost the cluster. Take it over only if it is still the object we read.
                var taken = await store.TryReplaceAsync(ns, name, current.ResourceVersion, Labels, annotations, cancellationToken).ConfigureAwait(false);
                if (taken is not null)
                {
                    return new ReleaseLockAttempt { Lease = new ReleaseLease(ns, name, taken.ResourceVersion, me), TookOverFrom = holder, WaitedFor = seen, Waited = now - started };
                }
            }
            else if (current is not null)
            {
                holder ??= Unreadable(current);
                seen = holder;
                if (!wait)
                {
                    return new ReleaseLockAttempt { HeldBy = holder };
                }

                if (now >= waitUntil)
                {
                    return new ReleaseLockAttempt { HeldBy = holder, WaitedOut = true, Waited = now - started };
                }
            }

            // Released or taken over between our calls, or still held: look again shortly (never spin).
            if (attempt > 0 || current is not null)
            {
                var jittered = PollInterval.TotalMilliseconds * (0.5 + Random.Shared.NextDouble());
                var left = (waitUntil - now).TotalMilliseconds;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait ? Math.Min(jittered, left) : jittered)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases the lease; returns null when released, else a note on what was found.</summary>
    public async Task<string?> ReleaseAsync(ReleaseLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var result = await store.DeleteAsync(lease.Namespace, lease.Name, lease.ResourceVersion, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            ReleaseLockDeleteResult.Deleted => null,
            ReleaseLockDeleteResult.Gone => $"The release lock configmap/{lease.Name} was already gone when it was to be released.",
            _ => $"The release lock configmap/{lease.Name} had changed (it expired and was taken over): it was left to its new holder.",
        };
    }

    /// <summary>Whether the holder's expiry has passed.</summary>
    public static bool IsExpired(ReleaseLockHolder holder, DateTimeOffset now) => (holder ?? throw new ArgumentNullException(nameof(holder))).ExpiresAt <= now;

    // A lock object without readable holder annotations (edited by hand?) is held by "unknown" and never taken over.
    private static ReleaseLockHolder Unreadable(ReleaseLockRecord record) => new()
    {
        User = "unknown (unreadable lock annotations)",
        ProcessId = 0,
        Operation = string.Create(CultureInfo.InvariantCulture, $"configmap/{record.Name} resourceVersion {record.ResourceVersion}"),
        AcquiredAt = DateTimeOffset.MinValue,
        ExpiresAt = DateTimeOffset.MaxValue,
        LockId = string.Empty,
    };
}
