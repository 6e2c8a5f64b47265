using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class ReportRulesTests
{
    [Theory]
    [InlineData("helm", "helm")]
    [InlineData("videokit-api", "videokit-api")]
    [InlineData("--timeout=10m", "--timeout=10m")]
    [InlineData("", "''")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$(rm -rf /)", "'$(rm -rf /)'")]
    [InlineData("a\nb", "$'a\\nb'")]
    [InlineData("x\u001b[31m", "$'x\\x1b[31m'")]
    public void QuotesEachArgumentForBash(string arg, string expected) => Assert.Equal(expected, CommandLine.Quote(arg));

    [Theory]
    [InlineData("00:05:00", 300)]
    [InlineData("300", 300)]
    [InlineData("4.5", 4.5)]
    [InlineData("5m", 300)]
    [InlineData("4m55s", 295)]
    [InlineData("1h30m", 5400)]
    [InlineData("850ms", 0.85)]
    [InlineData("PT4M55S", 295)]
    public void ParsesDurationsAsOperatorsWriteThem(string text, double seconds)
    {
        Assert.True(ReportDuration.TryParse(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("five minutes")]
    [InlineData("5x")]
    [InlineData("")]
    public void RejectsWhatIsNotADuration(string text) => Assert.False(ReportDuration.TryParse(text, out _));

    [Theory]
    [InlineData(0.85, "850ms")]
    [InlineData(12.5, "12.5s")]
    [InlineData(295, "4m 55s")]
    [InlineData(300, "5m 00s")]
    [InlineData(3723, "1h 02m 03s")]
    [InlineData(59.97, "1m 00s")]
    public void FormatsDurationsForPeople(double seconds, string expected) => Assert.Equal(expected, ReportText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void FirstRowOfAReleaseIsBeforeAndLaterOnesAreAfter()
    {
        static ReportInputRow Row(string release, int rev, ReportPhase? phase = null, bool afterRollback = false) =>
            new(new ReportComponentState { Component = release, Release = release, HelmRevision = rev }, phase, afterRollback);

        var rows = ReportAssembler.AssignPhases([Row("api", 42), Row("worker", 18), Row("api", 43), Row("worker", 19, ReportPhase.Before), Row("db", 7, afterRollback: true)]);
        Assert.Equal(
            [ReportPhase.Before, ReportPhase.Before, ReportPhase.After, ReportPhase.Before, ReportPhase.After],
            rows.Select(r => r.Phase).ToArray());
    }

    [Fact]
    public void RollbacksCompleteTheTableWith43Of41Rows()
    {
        var before = new ReportComponentState { Component = "api", Release = "api", HelmRevision = 42, Phase = ReportPhase.Before };
        var afterWithoutOrigin = new ReportComponentState { Component = "worker", Release = "worker", HelmRevision = 19, Phase = ReportPhase.After };
        var rows = ReportAssembler.ApplyRollbacks(
            [before, afterWithoutOrigin],
            [
                new RollbackFact { Release = "api", FromRevision = 42, TargetRevision = 41, NewRevision = 43, Succeeded = true },
                new RollbackFact { Release = "worker", FromRevision = 18, TargetRevision = 17, NewRevision = 19, Succeeded = true },
            ]);
        Assert.Equal(
            ["api Before 42 ", "api After 43 41", "worker Before 18 ", "worker After 19 17"],
            rows.Select(r => $"{r.Component} {r.Phase} {r.HelmRevision} {r.RollbackOf}").ToArray());
        Assert.Equal("rolled back", rows[1].Status);
    }

    [Fact]
    public void AFailedOrPlannedRollbackIsNotTurnedIntoAnAfterRow()
    {
        var rows = ReportAssembler.ApplyRollbacks([], [new RollbackFact { Release = "api", FromRevision = 42, TargetRevision = 41, DryRun = true }]);
        var row = Assert.Single(rows);
        Assert.Equal(ReportPhase.Before, row.Phase);
    }

    [Fact]
    public void VerdictFollowsObjectivesProbesAndSteps()
    {
        Assert.Equal(ReportVerdict.Inconclusive, new DrillReport().Verdict);
        Assert.Equal(ReportVerdict.Passed, ReportSamples.Videokit().Verdict);
        Assert.Equal(ReportVerdict.Failed, ReportSamples.Videokit(canaryMet: false).Verdict);
        var unhealthy = ReportSamples.Videokit();
        unhealthy.Probes.Add(new ReportProbe { Name = "worker", Healthy = false });
        Assert.Equal(ReportVerdict.Failed, unhealthy.Verdict);
        var dry = ReportSamples.Videokit(canaryMet: false);
        dry.DryRun = true;
        Assert.Equal(ReportVerdict.DryRun, dry.Verdict);
        Assert.Null(new ReportObjective { Name = "x", Target = TimeSpan.FromMinutes(1) }.Met);
        Assert.False(new ReportObjective { Name = "x", Target = TimeSpan.FromMinutes(1), Measured = TimeSpan.FromSeconds(10), Met = false }.Met);
    }

    [Fact]
    public void StepsAreInTimeOrderOnlyWhenEveryStepHasATime()
    {
        var t = ReportSamples.Start;
        ReportStep[] timed = [new() { Name = "b", StartedAt = t.AddMinutes(2) }, new() { Name = "a", StartedAt = t }, new() { Name = "c", StartedAt = t.AddMinutes(3) }];
        Assert.Equal(["a", "b", "c"], ReportAssembler.OrderSteps(timed).Select(s => s.Name).ToArray());
        ReportStep[] mixed = [.. timed, new() { Name = "untimed" }];
        Assert.Equal(["b", "a", "c", "untimed"], ReportAssembler.OrderSteps(mixed).Select(s => s.Name).ToArray());
    }

    [Fact]
    public void WindowIsDerivedFromTheEarliestAndLatestTimes()
    {
        var r = ReportSamples.Videokit();
        r.WindowStart = null;
        r.WindowEnd = null;
        var (start, end) = ReportAssembler.Window(r);
        Assert.Equal(ReportSamples.Start.AddMinutes(5), start);
        Assert.Equal(ReportSamples.Start.AddMinutes(9).AddSeconds(12), end);
    }
}
