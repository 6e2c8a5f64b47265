using RollbackDrill.Engine.Rollback;

namespace RollbackDrill.Engine.Tests.Rollback;

public sealed class ReleaseLockServiceTests
{
    private const string Ns = "videokit";
    private const string Release = "videokit-api";
    private static readonly string LockName = "rollbackdrill-lock.videokit-api";

    private static ReleaseLockHolder Holder(string user, TimeSpan expiresIn, string op = "Invoke-Rollback videokit-api 42 -> 41") => new()
    {
        User = user,
        ProcessId = 4242,
        Operation = op,
        AcquiredAt = DateTimeOffset.UtcNow.AddSeconds(-5),
        ExpiresAt = DateTimeOffset.UtcNow + expiresIn,
        LockId = Guid.NewGuid().ToString("N"),
    };

    private static ReleaseLockService Service(FakeLockStore store) => new(store) { PollInterval = TimeSpan.FromMilliseconds(20) };

    private static Task<ReleaseLockAttempt> Acquire(FakeLockStore store, ReleaseLockHolder me, bool wait = false, double waitSeconds = 0) =>
        Service(store).AcquireAsync(Ns, Release, me, wait, DateTimeOffset.UtcNow.AddSeconds(waitSeconds), CancellationToken.None);

    [Fact]
    public void Lock_name_is_per_release()
    {
        Assert.Equal(LockName, ReleaseLockService.LockName(Release));
    }

    [Fact]
    public async Task A_free_lock_is_created_with_the_holder_and_released_with_its_resourceVersion()
    {
        var store = new FakeLockStore();
        var me = Holder("alice@build-7", TimeSpan.FromMinutes(5));
        var attempt = await Acquire(store, me);

        Assert.True(attempt.Acquired);
        Assert.Null(attempt.WaitedFor);
        var stored = ReleaseLockHolder.FromAnnotations(store[LockName]!.Annotations);
        Assert.Equal(me, stored); // the identity round-trips through the annotations, times included
        Assert.Null(await Service(store).ReleaseAsync(attempt.Lease!, CancellationToken.None));
        Assert.Null(store[LockName]);
    }

    [Fact]
    public async Task A_held_lock_is_refused_with_the_holders_identity_and_left_alone()
    {
        var store = new FakeLockStore();
        var other = Holder("bob@ops-2", TimeSpan.FromMinutes(5));
        var before = store.Put(LockName, other.ToAnnotations());
        var attempt = await Acquire(store, Holder("alice@build-7", TimeSpan.FromMinutes(5)));

        Assert.False(attempt.Acquired);
        Assert.False(attempt.WaitedOut);
        Assert.Equal(other.LockId, attempt.HeldBy!.LockId);
        var text = attempt.HeldBy.Describe();
        Assert.Contains("bob@ops-2 (pid 4242), Invoke-Rollback videokit-api 42 -> 41, since ", text, StringComparison.Ordinal);
        Assert.Same(before, store[LockName]);
    }

    [Fact]
    public async Task An_expired_lock_is_taken_over_with_the_resourceVersion_read()
    {
        var store = new FakeLockStore();
        var stale = Holder("bob@ops-2", TimeSpan.FromSeconds(-1));
        var old = store.Put(LockName, stale.ToAnnotations());
        var me = Holder("alice@build-7", TimeSpan.FromMinutes(5));
        var attempt = await Acquire(store, me);

        Assert.True(attempt.Acquired);
        Assert.Equal(stale.LockId, attempt.TookOverFrom!.LockId);
        Assert.NotEqual(old.ResourceVersion, attempt.Lease!.ResourceVersion);
        Assert.Equal(me.LockId, ReleaseLockHolder.FromAnnotations(store[LockName]!.Annotations)!.LockId);
    }

    [Fact]
    public async Task Two_takers_of_an_expired_lock_one_wins_the_other_sees_the_winner()
    {
        var store = new FakeLockStore();
        store.Put(LockName, Holder("bob@ops-2", TimeSpan.FromSeconds(-1)).ToAnnotations());
        var winner = Holder("carol@ci-9", TimeSpan.FromMinutes(5));
        store.BeforeReplace = () =>
        {
            store.BeforeReplace = null;
            store.Put(LockName, winner.ToAnnotations()); // carol's replace lands between our read and our replace
        };
        var attempt = await Acquire(store, Holder("alice@build-7", TimeSpan.FromMinutes(5)));

        Assert.False(attempt.Acquired);
        Assert.Equal(winner.LockId, attempt.HeldBy!.LockId);
        Assert.Equal(winner.LockId, ReleaseLockHolder.FromAnnotations(store[LockName]!.Annotations)!.LockId);
    }

    [Fact]
    public async Task With_wait_the_lock_is_taken_when_the_holder_releases_it()
    {
        var store = new FakeLockStore();
        var other = Holder("bob@ops-2", TimeSpan.FromMinutes(5));
        store.Put(LockName, other.ToAnnotations());
        _ = Task.Delay(300).ContinueWith(_ => store.Remove(LockName), TaskScheduler.Default);
        var attempt = await Acquire(store, Holder("alice@build-7", TimeSpan.FromMinutes(5)), wait: true, waitSeconds: 10);

        Assert.True(attempt.Acquired);
        Assert.Equal(other.LockId, attempt.WaitedFor!.LockId);
        Assert.True(attempt.Waited >= TimeSpan.FromMilliseconds(200), attempt.Waited.ToString());
    }

    [Fact]
    public async Task With_wait_it_gives_up_at_the_deadline_naming_the_holder()
    {
        var store = new FakeLockStore();
        var other = Holder("bob@ops-2", TimeSpan.FromMinutes(5));
        store.Put(LockName, other.ToAnnotations());
        var attempt = await Acquire(store, Holder("alice@build-7", TimeSpan.FromMinutes(5)), wait: true, waitSeconds: 0.3);

        Assert.False(attempt.Acquired);
        Assert.True(attempt.WaitedOut);
        Assert.Equal("bob@ops-2", attempt.HeldBy!.User);
        Assert.InRange(attempt.Waited.TotalSeconds, 0.25, 3);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_recognised_as_ours()
    {
        var store = new FakeLockStore { LoseNextCreateAnswer = true };
        var me = Holder("alice@build-7", TimeSpan.FromMinutes(5));
        var attempt = await Acquire(store, me);

        Assert.True(attempt.Acquired);
        Assert.Null(attempt.WaitedFor);
        Assert.Equal(1, store.Creates);
        Assert.Equal(store[LockName]!.ResourceVersion, attempt.Lease!.ResourceVersion);
    }

    [Fact]
    public async Task Release_leaves_a_lock_that_was_taken_over_to_its_new_holder()
    {
        var store = new FakeLockStore();
        var attempt = await Acquire(store, Holder("alice@build-7", TimeSpan.FromMinutes(5)));
        var taker = Holder("bob@ops-2", TimeSpan.FromMinutes(5));
        store.Put(LockName, taker.ToAnnotations());

        var note = await Service(store).ReleaseAsync(attempt.Lease!, CancellationToken.None);
        Assert.Contains("taken over", note, StringComparison.Ordinal);
        Assert.Equal(taker.LockId, ReleaseLockHolder.FromAnnotations(store[LockName]!.Annotations)!.LockId);
        store.Remove(LockName);
        Assert.Contains("already gone", await Service(store).ReleaseAsync(attempt.Lease!, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_with_unreadable_annotations_is_held_and_never_taken_over()
    {
        var store = new FakeLockStore();
        var odd = store.Put(LockName, new Dictionary<string, string> { ["rollbackdrill.io/lock-holder"] = "someone" });
        var attempt = await Acquire(store, Holder("alice@build-7", TimeSpan.FromMinutes(5)));

        Assert.False(attempt.Acquired);
        Assert.StartsWith("unknown", attempt.HeldBy!.User, StringComparison.Ordinal);
        Assert.Same(odd, store[LockName]);
    }
}
