namespace RollbackDrill.Engine.Recovery;

/// <summary>What to measure and how. Defaults: 3 passes in a row, a check every 100 ms per probe.</summary>
public sealed record RecoveryRequest
{
    /// <summary>Default check interval: bounds the error of the estimate to ±50 ms plus half a check's duration, at ≤ 10 requests/s per probe.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    public const int DefaultConsecutiveSuccesses = 3;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);

    public required string Name { get; init; }

    public required IReadOnlyList<RecoveryProbe> Probes { get; init; }

    /// <summary>t0; null means the moment probing starts.</summary>
    public DateTimeOffset? Since { get; init; }

    public TimeSpan? Objective { get; init; }

    public string? Tier { get; init; }

    public int ConsecutiveSuccesses { get; init; } = DefaultConsecutiveSuccesses;

    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>How long to keep probing; null: twice the objective (at least a minute), or 15 minutes without one.</summary>
    public TimeSpan? Timeout { get; init; }

    public TimeSpan EffectiveTimeout => Timeout ?? (Objective is { } o ? TimeSpan.FromTicks(Math.Max((o * 2).Ticks, TimeSpan.FromMinutes(1).Ticks)) : DefaultTimeout);

    /// <summary>A request from Measure-RecoveryTime's parameters: -Objective or a named -Tier (not both), defaults for the rest.</summary>
    public static RecoveryRequest Create(
        string name, IReadOnlyList<RecoveryProbe> probes, DateTimeOffset? since, TimeSpan? objective, string? tier, int consecutiveSuccesses, TimeSpan? interval, TimeSpan? timeout)
    {
        if (objective is { } o && o <= TimeSpan.Zero)
        {
            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "-Objective must be positive.", o);
        }

        if (objective is not null && tier is not null)
        {
            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "Give -Objective or -Tier, not both.");
        }

        return new RecoveryRequest
        {
            Name = name,
            Probes = probes,
            Since = since,
            Objective = tier is null ? objective : RecoveryTiers.Objective(tier),
            Tier = tier,
            ConsecutiveSuccesses = consecutiveSuccesses,
            Interval = interval ?? DefaultInterval,
            Timeout = timeout,
        };
    }
}
