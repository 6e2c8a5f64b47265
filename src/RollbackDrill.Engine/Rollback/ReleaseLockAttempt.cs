namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// The outcome of <see cref="ReleaseLockService.AcquireAsync"/>: the lease when acquired (and whose expired lock was
/// taken over, if any), else who holds the lock and whether we gave up at the end of a -Wait.
/// </summary>
public sealed record ReleaseLockAttempt
{
    public ReleaseLease? Lease { get; init; }

    public ReleaseLockHolder? HeldBy { get; init; }

    /// <summary>The expired holder whose lock was taken over.</summary>
    public ReleaseLockHolder? TookOverFrom { get; init; }

    /// <summary>True when we waited for the holder until the deadline.</summary>
    public bool WaitedOut { get; init; }

    /// <summary>The other holder we waited for before acquiring (null when the lock was free at once).</summary>
    public ReleaseLockHolder? WaitedFor { get; init; }

    /// <summary>How long we waited for another holder before acquiring (zero when the lock was free).</summary>
    public TimeSpan Waited { get; init; }

    public bool Acquired => Lease is not null;
}
