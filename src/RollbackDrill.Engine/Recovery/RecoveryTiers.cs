using System.Globalization;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// Named recovery objectives. Defaults from the seed drill: canary ≤ 5 min, full ≤ 15 min. Overridable per
/// environment (runbooks read configuration from the environment): ROLLBACKDRILL_OBJECTIVE_CANARY / _FULL as a
/// TimeSpan (e.g. 00:03:00).
/// </summary>
public static class RecoveryTiers
{
    public static readonly IReadOnlyList<string> Names = ["Canary", "Full"];

    public static TimeSpan Objective(string tier, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(tier);
        environment ??= Environment.GetEnvironmentVariable;
        var variable = "ROLLBACKDRILL_OBJECTIVE_" + tier.ToUpperInvariant();
        if (environment(variable) is { Length: > 0 } text)
        {
            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var fromEnv) && fromEnv > TimeSpan.Zero)
            {
                return fromEnv;
            }

            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, $"${variable} is '{text}', not a positive TimeSpan such as 00:05:00.", variable);
        }

        return tier.ToUpperInvariant() switch
        {
            "CANARY" => TimeSpan.FromMinutes(5),
            "FULL" => TimeSpan.FromMinutes(15),
            _ => throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, $"Unknown tier '{tier}': use Canary or Full.", tier),
        };
    }
}
