using RollbackDrill.Engine.Recovery;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>Assert-RecoveryObjective's rule: met when measured ≤ target; unmeasured is a breach.</summary>
public sealed class RecoveryObjectiveRuleTests
{
    private static ObjectiveEvidence Evidence(double? measuredSeconds, double? targetSeconds = 600, double resolution = 1, bool? recordedMet = null) => new()
    {
        Name = "api",
        Target = targetSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
        Measured = measuredSeconds is { } m ? TimeSpan.FromSeconds(m) : null,
        Resolution = TimeSpan.FromSeconds(resolution),
        RecordedMet = recordedMet,
    };

    [Theory]
    [InlineData(600, ObjectiveFinding.Met)]
    [InlineData(599.9, ObjectiveFinding.Met)]
    [InlineData(600.001, ObjectiveFinding.Missed)]
    [InlineData(662, ObjectiveFinding.Missed)]
    public void MetIsMeasuredAtMostTheTarget(double measured, ObjectiveFinding finding) =>
        Assert.Equal(finding, RecoveryObjectiveRule.Judge(Evidence(measured)).Finding);

    [Fact]
    public void TheBreachMessageHasTheMeasuredValueTheTargetAndTheMiss()
    {
        var j = RecoveryObjectiveRule.Judge(Evidence(662));
        Assert.True(j.Breached);
        Assert.Equal("Recovery objective 'api' breached: measured 00:11:02.000 ± 1.0 s, target 00:10:00, missed by 1m 02s (± 1.0 s).", j.Message);

        var close = RecoveryObjectiveRule.Judge(Evidence(600.5));
        Assert.EndsWith("That is within the measurement's resolution: the true recovery may have met the target; probe more often (-Interval) to decide.", close.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnmeasuredIsABreachAndNoTargetIsNotJudged()
    {
        var unmeasured = RecoveryObjectiveRule.Judge(Evidence(null) with { NotMeasuredReason = "the measurement is incomplete" });
        Assert.Equal(ObjectiveFinding.NotMeasured, unmeasured.Finding);
        Assert.True(unmeasured.Breached);
        Assert.Equal("Recovery objective 'api' (target 00:10:00) is breached: recovery was not measured — the measurement is incomplete.", unmeasured.Message);

        var none = RecoveryObjectiveRule.Judge(Evidence(300, targetSeconds: null));
        Assert.Equal(ObjectiveFinding.NoTarget, none.Finding);
        Assert.False(none.Breached);
        Assert.Equal(ObjectiveFinding.Met, RecoveryObjectiveRule.Judge(Evidence(300, targetSeconds: null), TimeSpan.FromMinutes(5)).Finding);
    }

    [Fact]
    public void ARecordedBreachStaysUnlessAnotherTargetIsAsserted()
    {
        Assert.Equal(ObjectiveFinding.RecordedBreach, RecoveryObjectiveRule.Judge(Evidence(300, recordedMet: false)).Finding);
        Assert.Equal(ObjectiveFinding.Met, RecoveryObjectiveRule.Judge(Evidence(300, recordedMet: false), TimeSpan.FromMinutes(6)).Finding);
        Assert.Equal(ObjectiveFinding.Missed, RecoveryObjectiveRule.Judge(Evidence(300, recordedMet: true), TimeSpan.FromMinutes(4)).Finding);
    }
}
