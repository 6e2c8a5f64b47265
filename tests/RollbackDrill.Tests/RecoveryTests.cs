using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Measure-RecoveryTime, New-RecoveryProbe and Get-RecoveryBaseline through a real runspace.</summary>
[Collection(RecoveryTimingDefinition.Name)]
public sealed class RecoveryTests
{
    [Fact]
    public void MeasuresAKnownRecoveryWithinItsResolutionAndJudgesTheObjectiveOnBothSides()
    {
        using var server = new RecoveryFlipServer();
        using var ps = new ModuleRunspace();
        var t0 = DateTimeOffset.UtcNow;
        server.FlipAfter(TimeSpan.FromMilliseconds(1200));
        var r = ps.Invoke("Measure-RecoveryTime -Url $args[0] -Since $args[1] -Objective 00:00:05 -Name api", server.Url, t0);
        Assert.Empty(r.AllErrors);
        var m = r.One("RollbackDrill.RecoveryMeasurement");
        var truth = server.FlippedAt!.Value - t0;
        var measured = (TimeSpan)m.Prop("RecoveryTime")!;
        var resolution = (TimeSpan)m.Prop("Resolution")!;
        Assert.True((measured - truth).Duration() <= resolution + TimeSpan.FromMilliseconds(2), $"measured {measured}, truth {truth}, ± {resolution}");
        // The ≤ 100 ms figure is a performance claim: bench/ measures it. Here: the bracket is finite and holds the truth.
        Assert.True(resolution > TimeSpan.Zero && resolution < TimeSpan.FromSeconds(2), $"resolution {resolution}");
        Assert.Equal(true, m.Prop("Met"));
        Assert.Equal(true, m.Prop("Complete"));
        Assert.Equal("Recovered", m.Str("Outcome"));
        Assert.Equal(t0, m.Prop("StartedAt"));

        // Progress: one bar per probe under the measurement's bar, each closed with a Completed record.
        Assert.Contains(r.Progress, p => p.ParentActivityId == 6000 && p.RecordType == ProgressRecordType.Processing);
        Assert.Contains(r.Progress, p => p.ActivityId == 6000 && p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(r.Progress, p => p.ParentActivityId == 6000 && p.RecordType == ProgressRecordType.Completed);

        // The table view shows the figure with its resolution; the variable keeps the last measurement.
        var table = string.Concat(ps.Invoke("$RecoveryMeasurement | Out-String -Width 200").Output.Select(o => o.ToString()));
        Assert.Matches(@"api\s+00:00:05\s+00:00:01\.\d{3} ± 0\.\d+ s\s+True\s+Recovered\s+1/1 recovered", table);

        // The other side of the objective: the same recovery misses a 1 s objective.
        using var slow = new RecoveryFlipServer();
        var t1 = DateTimeOffset.UtcNow;
        slow.FlipAfter(TimeSpan.FromMilliseconds(1200));
        var missed = ps.Invoke("Measure-RecoveryTime -Url $args[0] -Since $args[1] -Objective 00:00:01 -Timeout 00:00:10", slow.Url, t1).One("RollbackDrill.RecoveryMeasurement");
        Assert.Equal(false, missed.Prop("Met"));
        Assert.Equal("Recovered", missed.Str("Outcome"));
    }

    [Fact]
    public void T0ComesFromAPipedIssuedAtAndTiersSetTheObjective()
    {
        using var server = new RecoveryFlipServer(startHealthy: true);
        using var ps = new ModuleRunspace();
        var issued = DateTimeOffset.UtcNow.AddSeconds(-30);
        var m = ps.Invoke("[pscustomobject]@{ Release = 'videokit-api'; IssuedAt = $args[1] } | Measure-RecoveryTime -Url $args[0] -Tier Canary", server.Url, issued)
            .One("RollbackDrill.RecoveryMeasurement");
        Assert.Equal(issued, m.Prop("StartedAt"));
        Assert.Equal(TimeSpan.FromMinutes(5), m.Prop("Objective"));
        Assert.Equal("Canary", m.Str("Tier"));
        // Healthy at the first check: recovered somewhere between t0 and that check, and the resolution says so.
        Assert.InRange(((TimeSpan)m.Prop("Resolution")!).TotalSeconds, 14.9, 15.5);
        Assert.Equal(true, m.Prop("Met"));

        var both = ps.Invoke("Measure-RecoveryTime -Url $args[0] -Tier Full -Objective 00:01:00", server.Url);
        Assert.StartsWith("InvalidArgument,", Assert.Single(both.AllErrors).FullyQualifiedErrorId);
    }

    [Fact]
    public void UnreachableUrlKeepsFailingAndIsReportedNotACrash()
    {
        using var ps = new ModuleRunspace();
        var url = $"http://127.0.0.1:{RecoveryPorts.Free()}/readyz";
        var r = ps.Invoke("Measure-RecoveryTime -Url $args[0] -Timeout 00:00:02 -Objective 00:05:00", url);
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        var m = r.One("RollbackDrill.RecoveryMeasurement");
        Assert.Equal("NotRecovered", m.Str("Outcome"));
        Assert.Equal(false, m.Prop("Met"));
        Assert.Null(m.Prop("RecoveryTime"));
        Assert.Contains(r.Warnings, w => w.Contains("connection refused", StringComparison.Ordinal));
        var probe = ps.Invoke("$RecoveryMeasurement.Probes[0]").Output.Single();
        Assert.True((int)probe.Prop("Checks")! >= 3, $"{probe.Prop("Checks")} checks: {probe.Str("LastError")}");
        Assert.StartsWith("connection refused", probe.Str("LastError"));
    }

    [Fact]
    public void CtrlCReturnsWithinOneSecondAndKeepsThePartialMeasurement()
    {
        using var server = new RecoveryFlipServer();
        var iss = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        using (var import = PowerShell.Create())
        {
            import.Runspace = runspace;
            import.AddScript("Import-Module $args[0] -ErrorAction Stop").AddArgument(RepoPaths.Manifest).Invoke();
        }

        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Measure-RecoveryTime -Url $args[0] -Objective 00:05:00").AddArgument(server.Url);
        var async = ps.BeginInvoke();
        for (var i = 0; i < 100 && server.Requests < 3; i++)
        {
            Thread.Sleep(50);
        }

        var seen = server.Requests;
        var sw = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {sw.Elapsed}");
        Assert.True(async.IsCompleted);

        using var read = PowerShell.Create();
        read.Runspace = runspace;
        var m = read.AddScript("$RecoveryMeasurement").Invoke().Single();
        Assert.Equal(false, m.Prop("Complete"));
        Assert.Equal("Cancelled", m.Str("Outcome"));
        // Every check the server answered before Ctrl+C is kept; the one in flight at the stop may be cancelled.
        var checks = (int)PSObject.AsPSObject(((System.Collections.IList)m.Prop("Probes")!)[0]!).Prop("Checks")!;
        Assert.True(checks >= Math.Max(2, seen - 1), $"{checks} checks kept, the server saw {seen} requests before the stop");
    }

    [Fact]
    public void AsJobMeasuresInTheBackgroundAndStopJobDeliversThePartialMeasurement()
    {
        using var server = new RecoveryFlipServer();
        using var ps = new ModuleRunspace();
        var started = ps.Invoke("$j = Measure-RecoveryTime -Url $args[0] -Objective 00:00:10 -AsJob; $j.PSJobTypeName; $j.State", server.Url);
        Assert.Equal(["RecoveryMeasurementJob", "Running"], started.Output.Select(o => o.ToString()).ToArray());
        server.FlipAfter(TimeSpan.FromMilliseconds(300)); // the drill script runs the rollback here
        var r = ps.Invoke("$null = Wait-Job $j -Timeout 20; $j.State; Receive-Job $j");
        Assert.Equal("Completed", r.Output[0].ToString());
        Assert.Equal(true, r.Output[1].Prop("Met"));
        Assert.Equal("RollbackDrill.RecoveryMeasurement", r.Output[1].BaseObject.GetType().FullName);

        using var never = new RecoveryFlipServer();
        var sw = Stopwatch.StartNew();
        var stopped = ps.Invoke("$k = Measure-RecoveryTime -Url $args[0] -AsJob; Start-Sleep -Milliseconds 500; Stop-Job $k; $null = Wait-Job $k -Timeout 5; $k.State; Receive-Job $k", never.Url);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(4), $"took {sw.Elapsed}");
        Assert.Equal("Stopped", stopped.Output[0].ToString());
        Assert.Equal(false, stopped.Output[1].Prop("Complete"));
        Assert.Equal("Cancelled", stopped.Output[1].Str("Outcome"));
    }

    [Fact]
    public void ProbesFromNewRecoveryProbePipeInAndHeaderValuesNeverShow()
    {
        const string token = "Bearer tok-SECRET-recovery-never-print";
        using var server = new RecoveryFlipServer(startHealthy: true);
        using var ps = new ModuleRunspace();
        var r = ps.Invoke(
            "$p = New-RecoveryProbe -Url $args[0] -Name api -JsonPath '$.checks.redis' -JsonValue OK -Header @{ Authorization = $args[1] }; " +
            "$p | Format-List * | Out-String -Width 300; $p | Out-String -Width 300; " +
            "$p | Measure-RecoveryTime -ConsecutiveSuccesses 2 | Format-List * | Out-String -Width 300; $RecoveryMeasurement",
            server.Url,
            token);
        Assert.Empty(r.AllErrors);
        var text = string.Join("\n", r.Output.Take(3).Select(o => o.ToString()));
        Assert.Contains("Authorization", text); // the header name is shown...
        Assert.DoesNotContain("tok-SECRET", text, StringComparison.Ordinal); // ...its value never
        Assert.Equal(token, server.LastAuthorization); // but it was sent
        var m = r.Output[3];
        Assert.Equal(true, m.Prop("Met"));
        Assert.Equal("api", ps.Invoke("$RecoveryMeasurement.Probes[0].Name").Output.Single().ToString());
        Assert.Contains("$.checks.redis=OK", ps.Invoke("$RecoveryMeasurement.Probes[0].LastStatus").Output.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadProbeDefinitionsAreClearErrors()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("New-RecoveryProbe -Url http://x/ -ExpectedStatus 2yy");
        Assert.StartsWith("InvalidProbe,", Assert.Single(r.AllErrors).FullyQualifiedErrorId);
        var tcp = ps.Invoke("Measure-RecoveryTime -TcpAddress 'db-without-port'");
        Assert.StartsWith("InvalidProbe,", Assert.Single(tcp.AllErrors).FullyQualifiedErrorId);
        var prom = ps.Invoke("Measure-RecoveryTime -PrometheusUrl http://127.0.0.1:9/ -Query up");
        var err = Assert.Single(prom.AllErrors);
        Assert.StartsWith("InvalidProbe,", err.FullyQualifiedErrorId);
        Assert.Contains("-Baseline", err.Exception.Message);
    }

    [RecoveryToolFact("prometheus")]
    public void InvalidPromQlShowsPrometheussOwnErrorAndTheOtherProbesStillRun()
    {
        using var prometheus = new RecoveryPrometheus();
        using var server = new RecoveryFlipServer(startHealthy: true);
        using var ps = new ModuleRunspace();
        var r = ps.Invoke(
            "$bad = New-RecoveryProbe -PrometheusUrl $args[0] -Query 'rate(http_requests_total[5m]' -Baseline 1 -Name rate; " +
            "$api = New-RecoveryProbe -Url $args[1] -Name api; " +
            "Measure-RecoveryTime -Probe $bad, $api -Timeout 00:00:10",
            prometheus.Url,
            server.Url);
        var err = Assert.Single(r.Errors);
        Assert.StartsWith("ProbeFaulted,", err.FullyQualifiedErrorId);
        Assert.Contains("bad_data", err.Exception.Message);
        Assert.Contains("parse error", err.Exception.Message);
        Assert.Equal("rate", err.TargetObject is PSObject po ? po.Str("Name") : (err.TargetObject as dynamic)?.Name?.ToString());
        var m = r.One("RollbackDrill.RecoveryMeasurement");
        Assert.Equal("NotRecovered", m.Str("Outcome"));
        Assert.Equal(true, ps.Invoke("$RecoveryMeasurement.Probes[1].Recovered").Output.Single().BaseObject);

        var baseline = ps.Invoke("Get-RecoveryBaseline -PrometheusUrl $args[0] -Query 'sum(', 'vector(42)'", prometheus.Url);
        Assert.StartsWith("BaselineCaptureFailed,", Assert.Single(baseline.Errors).FullyQualifiedErrorId);
        var b = baseline.One("RollbackDrill.RecoveryBaseline");
        Assert.Equal(42.0, b.Prop("Value"));

        // A piped baseline binds PrometheusUrl, Query and Value (-Baseline) by property name, in both cmdlets.
        var piped = ps.Invoke("Get-RecoveryBaseline $args[0] 'vector(42)' | Measure-RecoveryTime -TolerancePercent 10 -Timeout 00:00:05", prometheus.Url);
        Assert.Empty(piped.AllErrors);
        Assert.Equal(true, piped.One("RollbackDrill.RecoveryMeasurement").Prop("Met"));
        var probe = ps.Invoke("Get-RecoveryBaseline $args[0] 'vector(42)' | New-RecoveryProbe -TolerancePercent 5", prometheus.Url).One("RollbackDrill.RecoveryProbe");
        Assert.Equal(42.0, probe.Prop("Baseline"));
        Assert.Equal("vector(42)", probe.Str("Query"));
    }
}

/// <summary>Timing tests run alone, after the parallel ones: on 2 cores parallel work would blur millisecond bounds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RecoveryTimingDefinition
{
    public const string Name = "recovery-timing";
}
