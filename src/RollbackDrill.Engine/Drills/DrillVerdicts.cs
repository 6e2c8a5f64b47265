namespace RollbackDrill.Engine.Drills;

/// <summary>
/// The verdict per objective tier. RTO clock (DESIGN.md): t0 is the first change the drill made; a tier is recovered
/// when every release of the tier is ready (ReadyAt from the rollout watch) and its probes have passed (the measurement
/// runs after the tier's releases are ready, so its RecoveredAt is never before them). The tier's figure is the later
/// of the two; an objective with neither releases nor probes, or whose releases/probes did not recover, is not met.
/// </summary>
public static class DrillVerdicts
{
    public static IReadOnlyList<DrillVerdict> Compute(
        DrillDefinition drill, DateTimeOffset? clockStart, IEnumerable<RollbackResult> rollbacks, IEnumerable<RecoveryMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(drill);
        var results = rollbacks.ToList();
        var measured = measurements.ToList();
        var verdicts = new List<DrillVerdict>();
        foreach (var objective in drill.Objectives)
        {
            verdicts.Add(Compute(drill, objective, clockStart, results, measured));
        }

        return verdicts;
    }

    private static DrillVerdict Compute(
        DrillDefinition drill, DrillObjective objective, DateTimeOffset? clockStart, List<RollbackResult> rollbacks, List<RecoveryMeasurement> measurements)
    {
        var tier = objective.Tier;
        var releases = drill.Groups.SelectMany(g => g.Releases).Where(r => InTier(r.Tier, tier, drill)).ToList();
        var measurement = measurements.FirstOrDefault(m => string.Equals(m.Tier, tier, StringComparison.OrdinalIgnoreCase));
        var problems = new List<string>();
        var basis = new List<string>();
        DateTimeOffset? recoveredAt = null;
        var resolution = TimeSpan.Zero;

        foreach (var release in releases)
        {
            var result = rollbacks.FirstOrDefault(r => r.Name == release.Name && r.Namespace == release.Namespace);
            if (result is null)
            {
                problems.Add($"{release.Name} was not rolled back");
            }
            else if (result.Outcome == "Skipped")
            {
                basis.Add($"{release.Name} skipped ({result.Message})");
            }
            else if (result.ReadyAt is not { } ready)
            {
                problems.Add($"{release.Name} never became ready ({result.Outcome})");
            }
            else
            {
                basis.Add($"{release.Name} ready");
                recoveredAt = Later(recoveredAt, ready);
            }
        }

        if (measurement is not null)
        {
            if (measurement.RecoveredAt is { } at && measurement.Outcome == RecoveryOutcome.Recovered)
            {
                basis.Add($"{measurement.Probes.Count} probe(s) passing");
                if (recoveredAt is null || at >= recoveredAt)
                {
                    resolution = measurement.Resolution;
                }

                recoveredAt = Later(recoveredAt, at);
            }
            else
            {
                var failing = measurement.Probes.Where(p => !p.Recovered).Select(p => p.Name).ToList();
                problems.Add($"probe(s) {string.Join(", ", failing.Count > 0 ? failing : measurement.Probes.Select(p => p.Name))} did not recover ({measurement.Outcome})");
            }
        }

        if (releases.Count == 0 && measurement is null)
        {
            problems.Add("no release or probe belongs to this tier");
        }

        TimeSpan? figure = problems.Count == 0 && recoveredAt is { } r && clockStart is { } t0 ? (r - t0 < TimeSpan.Zero ? TimeSpan.Zero : r - t0) : null;
        if (problems.Count == 0 && clockStart is null)
        {
            problems.Add("the drill changed nothing, so the RTO clock never started");
        }

        return new DrillVerdict
        {
            Tier = tier,
            Objective = objective.RecoveryTime,
            Measured = figure,
            Resolution = resolution,
            Met = figure is { } f && f <= objective.RecoveryTime,
            RecoveredAt = figure is null ? null : recoveredAt,
            Basis = problems.Count > 0 ? "Not recovered: " + string.Join("; ", problems) + "." : string.Join(", ", basis),
            Description = objective.Description,
        };
    }

    /// <summary>A release or probe without a tier belongs to the drill's only tier, or to every tier when there are several.</summary>
    public static bool InTier(string? itemTier, string tier, DrillDefinition drill)
    {
        ArgumentNullException.ThrowIfNull(drill);
        return itemTier is null ? drill.Objectives.Count >= 1 : string.Equals(itemTier, tier, StringComparison.OrdinalIgnoreCase);
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
