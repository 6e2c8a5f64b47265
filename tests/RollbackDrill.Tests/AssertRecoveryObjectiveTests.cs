using System.Management.Automation;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Assert-RecoveryObjective through a real runspace, on real measurements and reports, both sides of the objective.</summary>
public sealed class AssertRecoveryObjectiveTests
{
    private const string Measure = "Measure-RecoveryTime -Url $args[0] -Since $args[1] -Interval 00:00:00.1 -ConsecutiveSuccesses 1 -Timeout 00:00:05 -Name api";

    [Fact]
    public void PassesAMetMeasurementThroughAndThrowsOnAMissedOneWithTheNumbers()
    {
        using var server = new RecoveryFlipServer();
        using var ps = new ModuleRunspace();

        // Recovers about 1.5 s after t0: met against 10 s, missed against 1 s (the figures are loose: 2 busy cores).
        var t0 = DateTimeOffset.UtcNow;
        server.FlipAfter(TimeSpan.FromMilliseconds(1500));
        var met = ps.Invoke($"$m = {Measure} -Objective 00:00:10; $m | Assert-RecoveryObjective -PassThru", server.Url, t0);
        Assert.Empty(met.AllErrors);
        met.One("RollbackDrill.RecoveryMeasurement");
        Assert.Empty(ps.Invoke("$m | Assert-RecoveryObjective").Output);

        var missed = ps.Invoke("$m | Assert-RecoveryObjective -Objective 00:00:01 -PassThru; 'after'");
        Assert.DoesNotContain(missed.Output, o => o.BaseObject is not string);
        var error = Assert.Single(missed.AllErrors);
        Assert.Equal("RecoveryObjectiveBreached,RollbackDrill.Commands.AssertRecoveryObjectiveCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Equal("RollbackDrill.RecoveryMeasurement", error.TargetObject?.GetType().FullName);
        Assert.Matches(@"^Recovery objective 'api' breached: measured 00:00:\d\d\.\d{3} ± [\d.]+ s, target 00:00:01, missed by (\d{3}ms|[\d.]+s) \(± [\d.]+ s\)\.( That is within the measurement's resolution.*)?$", error.Exception.Message);

        // A cmdlet's terminating error ends the statement (Pester's It and try/catch see it); a runbook with
        // $ErrorActionPreference = 'Stop' ends there.
        Assert.Equal("after", Assert.Single(missed.Output).ToString());
        var stopped = ps.Invoke("$ErrorActionPreference = 'Stop'; $m | Assert-RecoveryObjective -Objective 00:00:01; 'not reached'");
        Assert.NotNull(stopped.Terminating);
        Assert.DoesNotContain(stopped.Output, o => o.ToString() == "not reached");
    }

    [Fact]
    public void ATierSetsTheTargetAndAnUnmeasuredRecoveryIsABreachWithItsOwnMessage()
    {
        using var healthy = new RecoveryFlipServer(startHealthy: true);
        using var down = new RecoveryFlipServer();
        using var ps = new ModuleRunspace(new Dictionary<string, string?> { ["ROLLBACKDRILL_OBJECTIVE_CANARY"] = null });

        // Healthy at the first check, 12 minutes after t0: recovered at 6 min ± 6 min (the bracket's midpoint).
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-12);
        var canary = Assert.Single(ps.Invoke($"{Measure} | Assert-RecoveryObjective -Tier Canary", healthy.Url, t0).AllErrors).Exception.Message;
        Assert.Contains("target 00:05:00, missed by 1m", canary, StringComparison.Ordinal);
        Assert.Contains("within the measurement's resolution: the true recovery may have met the target", canary, StringComparison.Ordinal);
        Assert.Empty(ps.Invoke($"{Measure} | Assert-RecoveryObjective -Tier Full", healthy.Url, t0).AllErrors);

        var never = ps.Invoke(
            "Measure-RecoveryTime -Url $args[0] -Interval 00:00:00.1 -Timeout 00:00:00.8 -Objective 00:10:00 -Name api | Assert-RecoveryObjective",
            down.Url);
        var error = Assert.Single(never.AllErrors);
        Assert.Equal("RecoveryObjectiveBreached", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Matches(
            @"^Recovery objective 'api' \(target 00:10:00\) is breached: recovery was not measured — not every probe recovered within the measurement \((\d+ms|[\d.]+s) after t0\); not recovered: 127\.0\.0\.1:\d+/readyz \(HTTP 503\)\.$",
            error.Exception.Message);
    }

    [Fact]
    public void JudgesEveryObjectiveOfAReportAndNamesEachBreach()
    {
        using var ps = new ModuleRunspace();
        var script = ReportTests.VideokitScript + """

            $report.Objectives.Add([RollbackDrill.ReportObjective]@{ Name = 'Full'; Target = [timespan]'00:15:00'; Measured = [timespan]'00:17:30'; Resolution = [timespan]'00:00:05' })
            $report.Objectives.Add([RollbackDrill.ReportObjective]@{ Name = 'Smoke'; Target = [timespan]'00:02:00'; Description = 'smoke test never ran' })
            """;
        var r = ps.InvokeWith(script + "\n$report | Assert-RecoveryObjective -PassThru", new Dictionary<string, object> { ["secret"] = ReportTests.Secret });
        var error = Assert.Single(r.AllErrors);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        var lines = error.Exception.Message.Split(Environment.NewLine);
        Assert.Equal(
            [
                "2 recovery objectives breached:",
                "- Recovery objective 'Full' breached: measured 00:17:30.000 ± 5.0 s, target 00:15:00, missed by 2m 30s (± 5.0 s).",
                "- Recovery objective 'Smoke' (target 00:02:00) is breached: recovery was not measured — the report says: smoke test never ran.",
            ],
            lines);

        // -Name narrows to the objectives that hold; the report passes through.
        var passed = ps.Invoke("$report | Assert-RecoveryObjective -Name Canary, 'API*' -PassThru");
        Assert.Empty(passed.AllErrors);
        passed.One("RollbackDrill.DrillReport");
    }

    [Fact]
    public void ReadsObjectivesByPropertyNameAndRefusesInputWithoutATarget()
    {
        using var ps = new ModuleRunspace();

        // A drill result from Invoke-RollbackDrill is read by property name: Objectives (Name, Target, Measured, Met), Verdict.
        var result = ps.Invoke("""
            $result = [pscustomobject]@{ PSTypeName = 'RollbackDrill.DrillResult'; Verdict = 'Failed'
                Objectives = @([pscustomobject]@{ Name = 'Canary'; Target = '00:05:00'; Measured = '00:04:55'; Resolution = '00:00:01'; Met = $true }) }
            $result | Assert-RecoveryObjective -PassThru
            """);
        Assert.Empty(result.AllErrors);
        Assert.Equal("RollbackDrill.DrillResult", result.Output.Single().TypeNames[0]);
        Assert.Contains("verdict is Failed", Assert.Single(result.Warnings), StringComparison.Ordinal);

        var recorded = ps.Invoke("@{ Name = 'Canary'; Target = '5m'; Measured = '4m'; Met = $false } | Assert-RecoveryObjective");
        Assert.Contains("recorded as breached", Assert.Single(recorded.AllErrors).Exception.Message, StringComparison.Ordinal);

        var none = ps.Invoke("@{ Name = 'api'; Measured = '4m' } | Assert-RecoveryObjective");
        var missing = Assert.Single(none.AllErrors);
        Assert.Equal("RecoveryObjectiveMissing", missing.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, missing.CategoryInfo.Category);
        Assert.Empty(ps.Invoke("@{ Name = 'api'; Measured = '4m' } | Assert-RecoveryObjective -Objective 00:05:00").AllErrors);

        var junk = ps.Invoke("Get-Date | Assert-RecoveryObjective");
        Assert.Equal("ReportInputNotRecognized", Assert.Single(junk.AllErrors).FullyQualifiedErrorId.Split(',')[0]);
    }
}
