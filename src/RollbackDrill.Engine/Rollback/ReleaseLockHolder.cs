using System.Globalization;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// Who holds a release lock: user@host, process id, the operation, when it was taken and when it expires. Stored as
/// the lock ConfigMap's annotations; <see cref="LockId"/> tells our own lock from another holder's.
/// </summary>
public sealed record ReleaseLockHolder
{
    public const string Prefix = "rollbackdrill.io/lock-";

    public required string User { get; init; }

    public required int ProcessId { get; init; }

    public required string Operation { get; init; }

    public required DateTimeOffset AcquiredAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string LockId { get; init; }

    /// <summary>This process: user@host and pid, a fresh lock id.</summary>
    public static ReleaseLockHolder Current(string operation, DateTimeOffset now, DateTimeOffset expiresAt) => new()
    {
        User = $"{Environment.UserName}@{Environment.MachineName}",
        ProcessId = Environment.ProcessId,
        Operation = operation,
        AcquiredAt = now,
        ExpiresAt = expiresAt,
        LockId = Guid.NewGuid().ToString("N"),
    };

    /// <summary>For messages: "alice@build-7 (pid 4242), Invoke-Rollback videokit-api 42 -> 41, since ... (expires ...)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{User} (pid {ProcessId}), {Operation}, since {AcquiredAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (expires {ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})");

    public IReadOnlyDictionary<string, string> ToAnnotations() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Prefix + "holder"] = User,
        [Prefix + "pid"] = ProcessId.ToString(CultureInfo.InvariantCulture),
        [Prefix + "operation"] = Operation,
        [Prefix + "acquired-at"] = AcquiredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        [Prefix + "expires-at"] = ExpiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        [Prefix + "id"] = LockId,
    };

    /// <summary>The holder written by <see cref="ToAnnotations"/>; null when the annotations are missing or unreadable.</summary>
    public static ReleaseLockHolder? FromAnnotations(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        string? Get(string key) => annotations.TryGetValue(Prefix + key, out var v) ? v : null;
        if (Get("holder") is not { } user || Get("id") is not { } id ||
            !int.TryParse(Get("pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ||
            !DateTimeOffset.TryParse(Get("acquired-at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var acquired) ||
            !DateTimeOffset.TryParse(Get("expires-at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
        {
            return null;
        }

        return new ReleaseLockHolder
        {
            User = user,
            ProcessId = pid,
            Operation = Get("operation") ?? "(unknown operation)",
            AcquiredAt = acquired,
            ExpiresAt = expires,
            LockId = id,
        };
    }
}
