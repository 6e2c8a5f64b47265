using System.Management.Automation;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests.Faults;

/// <summary>
/// The fault suite: each long-running or mutating cmdlet, through a runspace, against the sandbox while its fault
/// injector misbehaves. Every row either completes with the correct result (asserted on the output AND on the
/// sandbox's state) or stops with an error that says what was done and what state was left (asserted likewise).
/// Add a cmdlet: one entry in <see cref="Cmdlets"/> and its rows in <see cref="Rows"/>; add a fault: one entry in
/// <see cref="FaultsByName"/>; a row that must end in an error: one entry in <see cref="Failures"/>.
/// </summary>
public sealed class FaultMatrixTests : IClassFixture<FaultMatrixTests.Shell>
{
    private const string Conn = "-Namespace videokit -Context sandbox -Kubeconfig $args[0]";
    private const string CurrentImage = "registry.example.com/videokit/api:03d5aeb0"; // revision 42
    private const string TargetImage = "registry.example.com/videokit/api:44f1639"; // revision 41
    private const string NextImage = "registry.example.com/videokit/api:f00dfee"; // a new rollout
    private const string Burst = "500/503 burst";
    private const string Throttled = "429 with Retry-After";
    private const string Latency = "+500 ms latency";
    private const string WatchDropped = "watch dropped mid-rollout";
    private const string GoneOnResume = "410 Gone on resume";
    private const string Conflict = "409 conflict on update";
    private const string HelmKilled = "helm killed mid-rollback";
    private const string ApiDown = "API server gone for 10 s";

    private readonly Shell shell;

    public FaultMatrixTests(Shell shell) => this.shell = shell;

    /// <summary>The matrix: cmdlet × fault.</summary>
    public static TheoryData<string, string> Rows
    {
        get
        {
            var rows = new TheoryData<string, string>();
            string[] common = [Burst, Throttled, Latency, WatchDropped, GoneOnResume, ApiDown];
            foreach (var cmdlet in new[] { "Wait-ReleaseReady", "Invoke-Rollback", "Set-WorkloadScale", "Undo-WorkloadRollout" })
            {
                foreach (var fault in common)
                {
                    rows.Add(cmdlet, fault);
                }
            }

            rows.Add("Invoke-Rollback", Conflict);
            rows.Add("Set-WorkloadScale", Conflict);
            rows.Add("Undo-WorkloadRollout", Conflict);
            rows.Add("Invoke-Rollback", HelmKilled);
            foreach (var fault in common.Append(HelmKilled))
            {
                rows.Add("Invoke-RollbackDrill", fault);
            }

            foreach (var fault in common)
            {
                rows.Add("Measure-RecoveryTime", fault);
            }

            return rows;
        }
    }

    /// <summary>A drill of videokit-api alone, 42 → 41, judged on readiness (no probes), no report files.</summary>
    private static readonly Lazy<string> DrillFile = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-fault-drill-").FullName, "drill.yaml");
        File.WriteAllText(path, """
            apiVersion: rollbackdrill/v1
            kind: Drill
            metadata: {name: fault-drill}
            spec:
              environment: sandbox
              context: sandbox
              namespace: videokit
              timeout: 60s
              objectives:
                - {tier: full, recoveryTime: 60s}
              groups:
                - name: api
                  releases: [{name: videokit-api}]
            """);
        return path;
    });

    private static readonly Dictionary<string, CmdletUnderTest> Cmdlets = new(StringComparer.Ordinal)
    {
        ["Wait-ReleaseReady"] = new(
            async sb => await sb.SetImageAsync("videokit-api", NextImage), // a rollout in progress
            $"Wait-ReleaseReady videokit-api {Conn} -Timeout 00:00:45",
            WritesBeforeFault: 0,
            async (sb, r) =>
            {
                NoErrors(r);
                var result = r.One("RollbackDrill.ReadinessResult");
                Assert.True(result.Prop("Succeeded") is true, result.Str("Message"));
                var d = await sb.DeploymentAsync("videokit-api");
                Assert.True(FaultSandbox.Available(d) && FaultSandbox.Image(d) == NextImage, "the sandbox does not show the rollout complete");
            }),
        ["Invoke-Rollback"] = new(
            _ => Task.CompletedTask,
            $"Invoke-Rollback videokit-api {Conn} -Executor Sandbox -Timeout 00:00:45 -Confirm:$false",
            WritesBeforeFault: 2, // the lock, then helm rollback
            async (sb, r) =>
            {
                NoErrors(r);
                var result = r.One("RollbackDrill.RollbackResult");
                Assert.True(result.Str("Outcome") == "Succeeded", $"{result.Str("Message")} {result.Str("StateLeft")}");
                Assert.Equal(("43", "deployed"), (result.Str("NewRevision"), result.Str("NewRevisionStatus")));
                var history = await sb.HistoryAsync("videokit-api");
                Assert.Equal((43, "superseded", "deployed"), (history.Keys.Max(), history[42], history[43]));
                Assert.Equal(TargetImage, FaultSandbox.Image(await sb.DeploymentAsync("videokit-api")));
                Assert.Null(await sb.ConfigMapAsync("rollbackdrill-lock.videokit-api"));
            }),
        ["Set-WorkloadScale"] = new(
            _ => Task.CompletedTask,
            $"Set-WorkloadScale Deployment videokit-api -Replicas 5 -ExpectedReplicas 3 {Conn} -Timeout 00:00:45 -Confirm:$false",
            WritesBeforeFault: 1,
            async (sb, r) =>
            {
                NoErrors(r);
                var result = r.One("RollbackDrill.ScaleResult");
                Assert.True(result.Prop("Succeeded") is true, result.ToString());
                Assert.Equal((3, 5), ((int)result.Prop("PreviousReplicas")!, (int)result.Prop("Replicas")!));
                var d = await sb.DeploymentAsync("videokit-api");
                Assert.Equal(5, (int)d["spec"]!["replicas"]!);
                Assert.True(FaultSandbox.Available(d), "the sandbox does not show 5 available replicas");
            }),
        ["Undo-WorkloadRollout"] = new(
            async sb =>
            {
                await sb.WaitUntilAsync("videokit-api", FaultSandbox.Available);
                await sb.SetImageAsync("videokit-api", NextImage);
                await sb.WaitUntilAsync("videokit-api", d => FaultSandbox.Available(d) && FaultSandbox.Image(d) == NextImage);
            },
            $"Undo-WorkloadRollout videokit-api {Conn} -Timeout 00:00:45 -Confirm:$false",
            WritesBeforeFault: 1,
            async (sb, r) =>
            {
                NoErrors(r);
                var result = r.One("RollbackDrill.UndoResult");
                Assert.True(result.Str("Outcome") == "RolledBack" && result.Prop("Succeeded") is true, result.ToString());
                var d = await sb.DeploymentAsync("videokit-api");
                Assert.True(FaultSandbox.Available(d) && FaultSandbox.Image(d) == CurrentImage, "the sandbox does not show the undo rolled out");
            }),
        ["Measure-RecoveryTime"] = new(
            async sb => await sb.SetImageAsync("videokit-api", NextImage), // a rollout in progress: recovered when it is rolled out
            $"Measure-RecoveryTime -Release videokit-api {Conn} -Interval 00:00:00.2 -Timeout 00:00:45",
            WritesBeforeFault: 0,
            async (sb, r) =>
            {
                NoErrors(r);
                var m = r.One("RollbackDrill.RecoveryMeasurement");
                Assert.True(m.Str("Outcome") == "Recovered" && m.Prop("Complete") is true, $"{m.Str("Outcome")}: {m}");
                var d = await sb.DeploymentAsync("videokit-api");
                Assert.True(FaultSandbox.Available(d) && FaultSandbox.Image(d) == NextImage, "the sandbox does not show the rollout complete");
                // Recovered no earlier than the rollout was: the probe judged the real state, not a failed read.
                Assert.True((DateTimeOffset)m.Prop("RecoveredAt")! >= (DateTimeOffset)m.Prop("StartedAt")!);
            }),
        ["Invoke-RollbackDrill"] = new(
            _ => Task.CompletedTask,
            $"Invoke-RollbackDrill -Path '{DrillFile.Value}' -Kubeconfig $args[0] -Executor Sandbox -JournalPath (Join-Path ([IO.Path]::GetTempPath()) \"rbd-fault-journal-$PID.json\") -Confirm:$false",
            WritesBeforeFault: 2, // the lock, then helm rollback
            async (sb, r) =>
            {
                NoErrors(r);
                var result = r.One("RollbackDrill.DrillResult");
                Assert.True(result.Str("Outcome") == "Succeeded", $"{result.Str("Message")} {result.Str("StateLeft")}");
                var history = await sb.HistoryAsync("videokit-api");
                Assert.Equal((43, "superseded", "deployed"), (history.Keys.Max(), history[42], history[43]));
                Assert.Equal(TargetImage, FaultSandbox.Image(await sb.DeploymentAsync("videokit-api")));
                Assert.Null(await sb.ConfigMapAsync("rollbackdrill-lock.videokit-api"));
            }),
    };

    private static readonly Dictionary<string, FaultUnderTest> FaultsByName = new(StringComparer.Ordinal)
    {
        [Burst] = new(Before: sb =>
        {
            sb.FailRequests(500, count: 2);
            sb.FailRequests(503, count: 2);
        }),
        [Throttled] = new(Before: sb => sb.FailRequests(429, count: 2, retryAfterSeconds: 1)),
        [Latency] = new(Before: sb => sb.AddLatency(TimeSpan.FromMilliseconds(500))),
        [WatchDropped] = new(During: sb => sb.DropWatches()),
        [GoneOnResume] = new(During: sb =>
        {
            sb.ForceGoneOnNextWatchResume();
            sb.DropWatches();
        }),
        [Conflict] = new(Before: sb => sb.ForceConflictOnNextUpdate()),
        [ApiDown] = new(
            Before: sb => sb.TakeApiDown(TimeSpan.FromSeconds(10)), // every request: 503 with Retry-After: 1
            RidesThrough: TimeSpan.FromSeconds(9.5)),
        [HelmKilled] = new(
            Script: s => s.Replace("-Executor Sandbox", "-Executor Helm -HelmPath $args[1]", StringComparison.Ordinal),
            Environment: ("HELM_STANDIN_KILL", "after-pending")),
    };

    /// <summary>Rows that must stop with an error: what they assert instead of success.</summary>
    private static readonly Dictionary<(string, string), Func<FaultSandbox, PsResult, Task>> Failures = new()
    {
        [("Invoke-Rollback", HelmKilled)] = async (sb, r) =>
        {
            var result = r.One("RollbackDrill.RollbackResult");
            Assert.Equal(("Failed", "Helm"), (result.Str("Outcome"), result.Str("Phase")));
            var error = Assert.Single(r.Errors);
            Assert.Equal("RollbackFailed,RollbackDrill.Commands.InvokeRollbackCommand", error.FullyQualifiedErrorId);
            var text = error.Exception.Message;
            Assert.Contains("helm rollback videokit-api 41 exited with code 137", text, StringComparison.Ordinal);
            Assert.Contains("Done: helm rollback to revision 41 was started at ", text, StringComparison.Ordinal);
            Assert.Contains("Not done: helm failed (exit code 137)", text, StringComparison.Ordinal);
            Assert.Contains("Helm's storage: revision 43 is pending-rollback.", text, StringComparison.Ordinal);
            var history = await sb.HistoryAsync("videokit-api");
            Assert.Equal((43, "deployed", "pending-rollback"), (history.Keys.Max(), history[42], history[43]));
            Assert.Equal(CurrentImage, FaultSandbox.Image(await sb.DeploymentAsync("videokit-api")));
            Assert.Null(await sb.ConfigMapAsync("rollbackdrill-lock.videokit-api"));
        },
        [("Invoke-RollbackDrill", HelmKilled)] = async (sb, r) =>
        {
            var result = r.One("RollbackDrill.DrillResult");
            Assert.Equal("Failed", result.Str("Outcome"));
            var error = Assert.Single(r.Errors);
            Assert.Equal("DrillFailed,RollbackDrill.Commands.InvokeRollbackDrillCommand", error.FullyQualifiedErrorId);
            var text = error.Exception.Message;
            Assert.Contains("Rollback group 'api' failed", text, StringComparison.Ordinal);
            Assert.Contains("State left: videokit/videokit-api: Failed:", text, StringComparison.Ordinal);
            Assert.Contains("revision 43 is pending-rollback", text, StringComparison.Ordinal);
            var history = await sb.HistoryAsync("videokit-api");
            Assert.Equal((43, "deployed", "pending-rollback"), (history.Keys.Max(), history[42], history[43]));
            Assert.Null(await sb.ConfigMapAsync("rollbackdrill-lock.videokit-api"));
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Cmdlet_under_fault_completes_correctly_or_says_what_it_left(string cmdlet, string fault)
    {
        var c = Cmdlets[cmdlet];
        var f = FaultsByName[fault];
        await using var sandbox = await FaultSandbox.StartAsync();
        await sandbox.WaitUntilAsync("videokit-api", FaultSandbox.Available);
        await c.ArrangeAsync(sandbox);
        if (f.Environment is { } env)
        {
            shell.Ps.SetEnvironment(env.Name, env.Value);
        }

        try
        {
            var since = DateTimeOffset.UtcNow;
            var injected = DateTime.UtcNow;
            var duringTook = TimeSpan.Zero;
            f.Before?.Invoke(sandbox);
            var script = f.Script?.Invoke(c.Script) ?? c.Script;
            // Its own thread: the runspace blocks while it runs, and on 2 cores the pool would delay the injection.
            var run = Task.Factory.StartNew(() => shell.Ps.Invoke(script, sandbox.Kubeconfig, HelmStandInPath), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (f.During is { } during)
            {
                // Mid-operation: once the cmdlet's own writes are in (the rollout started), while it waits for readiness.
                var until = DateTime.UtcNow.AddSeconds(20);
                while (sandbox.WritesSince(since) < c.WritesBeforeFault && !run.IsCompleted && DateTime.UtcNow < until)
                {
                    await Task.Delay(20);
                }

                await Task.Delay(c.WritesBeforeFault == 0 ? 300 : 200);
                Assert.False(run.IsCompleted, $"{cmdlet} finished before the fault was injected: {string.Join(" | ", (await run).AllErrors)}");
                injected = DateTime.UtcNow;
                during(sandbox);
                duringTook = DateTime.UtcNow - injected;
            }

            var r = await run;
            if (f.RidesThrough is { } outage && !Failures.ContainsKey((cmdlet, fault)))
            {
                // It must have completed by riding the outage out, not by finishing before the fault took effect.
                Assert.True(DateTime.UtcNow - injected >= outage, $"{cmdlet} completed {DateTime.UtcNow - injected} after the outage began (injecting took {duringTook}): {string.Join(" | ", r.AllErrors.Select(e => e.Exception.Message))} {string.Join(" | ", r.Output.Select(o => o.ToString()))}");
            }

            sandbox.ClearFaults();
            if (Failures.TryGetValue((cmdlet, fault), out var failure))
            {
                await failure(sandbox, r);
            }
            else
            {
                await c.AssertSucceededAsync(sandbox, r);
            }
        }
        finally
        {
            if (f.Environment is { } e)
            {
                shell.Ps.SetEnvironment(e.Name, null);
            }
        }
    }

    private static void NoErrors(PsResult r) =>
        Assert.True(!r.AllErrors.Any(), string.Join(" | ", r.AllErrors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}")));

    private static string HelmStandInPath
    {
        get
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var name = OperatingSystem.IsWindows() ? "helm.exe" : "helm";
            return Path.Combine(RepoPaths.Root, "src", "RollbackDrill.Sandbox.HelmStandIn", "bin", config, "net8.0", name);
        }
    }

    private sealed record CmdletUnderTest(Func<FaultSandbox, Task> ArrangeAsync, string Script, int WritesBeforeFault, Func<FaultSandbox, PsResult, Task> AssertSucceededAsync);

    private sealed record FaultUnderTest(
        Action<FaultSandbox>? Before = null,
        Action<FaultSandbox>? During = null,
        Func<string, string>? Script = null,
        (string Name, string Value)? Environment = null,
        TimeSpan? RidesThrough = null);

    /// <summary>One module runspace for the whole matrix (importing the module is the slow part of a row).</summary>
    public sealed class Shell : IDisposable
    {
        public Shell()
        {
            // The sandbox, the cmdlet's engine tasks and the injection share the pool; blocked runspace threads must not
            // delay an injection until the cmdlet is done.
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
        }

        public ModuleRunspace Ps { get; } = new();

        public void Dispose() => Ps.Dispose();
    }
}
