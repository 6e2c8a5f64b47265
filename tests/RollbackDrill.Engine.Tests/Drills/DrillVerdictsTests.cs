using RollbackDrill.Engine.Drills;

namespace RollbackDrill.Engine.Tests.Drills;

/// <summary>The RTO verdict per tier: the later of "releases ready" and "probes passing", from the clock start.</summary>
public sealed class DrillVerdictsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static DrillDefinition Drill(params DrillObjective[] objectives) => new()
    {
        Name = "d",
        Environment = "e",
        Context = "c",
        Namespace = "ns",
        Objectives = objectives,
        Groups =
        [
            new DrillReleaseGroup { Name = "canary", Releases = [new DrillRelease { Name = "gw", Namespace = "ns", Tier = "canary" }] },
            new DrillReleaseGroup { Name = "full", Releases = [new DrillRelease { Name = "api", Namespace = "ns", Tier = "full" }] },
        ],
    };

    private static RollbackResult Rolled(string name, TimeSpan? readyAfter, string outcome = "Succeeded") => new()
    {
        Plan = new RollbackPlan { Name = name, Namespace = "ns" },
        Succeeded = readyAfter is not null,
        Outcome = outcome,
        Message = outcome,
        IssuedAt = T0,
        ReadyAt = readyAfter is { } r ? T0 + r : null,
    };

    private static RecoveryMeasurement Measured(string tier, TimeSpan? recoveredAfter, TimeSpan resolution) => new()
    {
        Name = tier,
        Tier = tier,
        StartedAt = T0,
        EndedAt = T0 + TimeSpan.FromMinutes(1),
        RecoveredAt = recoveredAfter is { } r ? T0 + r : null,
        RecoveryTime = recoveredAfter,
        Resolution = resolution,
        Met = recoveredAfter is not null,
        Complete = true,
        Outcome = recoveredAfter is null ? RecoveryOutcome.NotRecovered : RecoveryOutcome.Recovered,
        Interval = TimeSpan.FromMilliseconds(100),
        ConsecutiveSuccesses = 3,
        Probes = [new ProbeResult { Name = "p-" + tier, Kind = ProbeKind.Http, Target = "http://x", Recovered = recoveredAfter is not null, Checks = 5, Failures = 2 }],
        Samples = [],
    };

    private static readonly DrillObjective Canary = new() { Tier = "canary", RecoveryTime = TimeSpan.FromMinutes(5) };
    private static readonly DrillObjective Full = new() { Tier = "full", RecoveryTime = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Probes_that_pass_after_readiness_set_the_figure_and_its_resolution()
    {
        var v = DrillVerdicts.Compute(Drill(Canary), T0, [Rolled("gw", TimeSpan.FromSeconds(10))], [Measured("canary", TimeSpan.FromSeconds(12), TimeSpan.FromMilliseconds(50))]).Single();
        Assert.Equal(TimeSpan.FromSeconds(12), v.Measured);
        Assert.Equal(TimeSpan.FromMilliseconds(50), v.Resolution);
        Assert.True(v.Met);
        Assert.Equal(T0 + TimeSpan.FromSeconds(12), v.RecoveredAt);
    }

    [Fact]
    public void Readiness_later_than_the_probes_sets_the_figure()
    {
        var v = DrillVerdicts.Compute(Drill(Full), T0, [Rolled("api", TimeSpan.FromSeconds(20))], [Measured("full", TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(50))]).Single();
        Assert.Equal(TimeSpan.FromSeconds(20), v.Measured);
        Assert.Equal(TimeSpan.Zero, v.Resolution);
    }

    [Fact]
    public void A_tier_over_its_objective_is_missed_and_tiers_are_judged_separately()
    {
        var verdicts = DrillVerdicts.Compute(Drill(Canary, Full), T0, [Rolled("gw", TimeSpan.FromSeconds(10)), Rolled("api", TimeSpan.FromSeconds(45))], []);
        Assert.True(verdicts[0].Met);
        Assert.False(verdicts[1].Met);
        Assert.Equal(TimeSpan.FromSeconds(45), verdicts[1].Measured);
    }

    [Fact]
    public void A_release_that_never_became_ready_leaves_the_tier_unmeasured_and_missed()
    {
        var v = DrillVerdicts.Compute(Drill(Full), T0, [Rolled("api", null, "TimedOut")], []).Single();
        Assert.Null(v.Measured);
        Assert.False(v.Met);
        Assert.Contains("api never became ready (TimedOut)", v.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_that_did_not_recover_make_the_tier_missed_and_name_the_probe()
    {
        var v = DrillVerdicts.Compute(Drill(Canary), T0, [Rolled("gw", TimeSpan.FromSeconds(1))], [Measured("canary", null, TimeSpan.Zero)]).Single();
        Assert.False(v.Met);
        Assert.Contains("p-canary did not recover", v.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_clock_start_nothing_is_measured()
    {
        var v = DrillVerdicts.Compute(Drill(Canary), null, [Rolled("gw", TimeSpan.FromSeconds(1))], []).Single();
        Assert.False(v.Met);
        Assert.Contains("clock never started", v.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Untiered_items_belong_to_every_tier()
    {
        var drill = Drill(Canary, Full);
        Assert.True(DrillVerdicts.InTier(null, "canary", drill));
        Assert.True(DrillVerdicts.InTier(null, "full", drill));
        Assert.False(DrillVerdicts.InTier("canary", "full", drill));
    }
}
