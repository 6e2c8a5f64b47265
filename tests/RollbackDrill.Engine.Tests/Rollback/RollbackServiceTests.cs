using System.Diagnostics;
using RollbackDrill.Engine.Rollback;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Tests.Rollback;

public sealed class RollbackServiceTests
{
    private static readonly string[] Releases = ["videokit-api", "videokit-worker"];

    private static async Task<List<RollbackJob>> JobsAsync(VideokitSandbox sandbox, ClusterRollbackFactory factory, RollbackOptions options)
    {
        var cluster = factory.For(sandbox.Connection, HelmStorageDriver.Secret);
        var jobs = new List<RollbackJob>();
        foreach (var name in Releases)
        {
            var plan = await new RollbackPlanner(cluster.Releases).PlanAsync(new RollbackPlanRequest
            {
                Name = name,
                Namespace = "videokit",
                Connection = cluster.Connection,
                Options = options,
            }, CancellationToken.None);
            jobs.Add(new RollbackJob(plan.Value!, cluster));
        }

        return jobs;
    }

    private static async Task<IReadOnlyList<string>> StatusesAsync(VideokitSandbox sandbox, string release, params int[] revisions)
    {
        using var factory = VideokitSandbox.Factory();
        var cluster = factory.For(sandbox.Connection, HelmStorageDriver.Secret);
        var history = await new RollbackPlanner(cluster.Releases).ReadHistoryAsync(release, "videokit", "sandbox", CancellationToken.None);
        return revisions.Select(r => history.Single(h => h.Revision == r).Status.ToHelmString()).ToList();
    }

    [Fact]
    public async Task Videokit_rolls_back_both_releases_concurrently_and_verifies_storage()
    {
        await using var sandbox = await VideokitSandbox.StartAsync();
        using var factory = VideokitSandbox.Factory();
        var options = new RollbackOptions { Timeout = TimeSpan.FromSeconds(60) };
        var jobs = await JobsAsync(sandbox, factory, options);
        var progress = new List<RollbackProgress>();
        var results = await new RollbackService().RunAsync(jobs, options, new SyncProgress<RollbackProgress>(progress), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Name}: {r.Message} {string.Join(" | ", r.Transcript)}"));
        var api = results[0];
        var worker = results[1];
        Assert.Equal((43, "deployed"), (api.NewRevision!.Value, api.NewRevisionStatus!));
        Assert.Equal((19, "deployed"), (worker.NewRevision!.Value, worker.NewRevisionStatus!));
        Assert.Equal(["superseded", "deployed"], await StatusesAsync(sandbox, "videokit-api", 42, 43));
        Assert.Equal(["superseded", "deployed"], await StatusesAsync(sandbox, "videokit-worker", 18, 19));
        foreach (var r in results)
        {
            Assert.True(r.IssuedAt <= r.AppliedAt && r.AppliedAt <= r.ReadyAt && r.ReadyAt <= r.CompletedAt, $"{r.Name}: {r.IssuedAt:O} {r.AppliedAt:O} {r.ReadyAt:O} {r.CompletedAt:O}");
            Assert.NotEmpty(r.Workloads);
            Assert.All(r.Workloads, w => Assert.True(w.Ready && w.ReadyAt >= r.AppliedAt, $"{w}"));
            Assert.Equal(0, r.HelmExitCode);
            var kinds = r.Transcript.Select(t => t.Kind).ToList();
            Assert.Equal(["Lock", "Command"], kinds.Take(2));
            Assert.Equal(("Lock", $"Released the release lock configmap/rollbackdrill-lock.{r.Name}."), (r.Transcript[^1].Kind, r.Transcript[^1].Text));
            Assert.Contains("Stdout", kinds);
            Assert.Contains("Exit", kinds);
            Assert.Contains("Readiness", kinds);
            Assert.Contains("Verification", kinds);
            Assert.Contains("Pods", kinds);
            Assert.NotEmpty(r.Pods);
            Assert.All(r.Pods, p => Assert.Contains("44f1639", string.Join(",", p.Images), StringComparison.Ordinal));
            Assert.DoesNotContain(r.Transcript, t => t.Text.Contains("do-not-print", StringComparison.Ordinal));
        }

        // Concurrent: each started before the other was ready.
        Assert.True(api.IssuedAt < worker.ReadyAt && worker.IssuedAt < api.ReadyAt,
            $"api {api.IssuedAt:O}..{api.ReadyAt:O}, worker {worker.IssuedAt:O}..{worker.ReadyAt:O}");
        Assert.Contains(progress, p => p.Phase == "Readiness");
        Assert.Equal(2, progress.Count(p => p.ReleaseDone));
    }

    [Theory]
    [InlineData("v3.15.4+gfa9efb0", "--wait", "--force")]
    [InlineData("v4.0.1+g12500dd", "--wait=watcher", "--force-replace")]
    public async Task Helm_argv_is_exact_for_helm3_and_helm4(string version, string waitFlag, string forceFlag)
    {
        if (!HelmStandIn.Available)
        {
            Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
            return; // no POSIX shell/curl for the helm stand-in here (fails under CI=true)
        }

        await using var sandbox = await VideokitSandbox.StartAsync();
        var log = Path.Combine(sandbox.Directory, "helm.log");
        var helm = HelmStandIn.Write(sandbox.Directory, sandbox.Cluster.Address, version, log);
        using var factory = VideokitSandbox.Factory(RollbackExecutorKind.Helm, helm);
        var options = new RollbackOptions { Timeout = TimeSpan.FromSeconds(60), HelmWait = true, ForceReplace = true };
        var jobs = await JobsAsync(sandbox, factory, options);
        var results = await new RollbackService().RunAsync(jobs, options, null, CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Name}: {r.Message} {string.Join(" | ", r.Transcript)}"));
        var calls = HelmStandIn.Calls(log);
        Assert.Equal(["version", "--short"], calls[0]);
        Assert.Single(calls, c => c.SequenceEqual(["version", "--short"]));
        var api = Assert.Single(calls, c => c.Length > 1 && c[1] == "videokit-api");
        var timeout = Assert.Single(api, a => a.StartsWith("--timeout=", StringComparison.Ordinal));
        Assert.Matches(@"^--timeout=(\d+s|1m0s)$", timeout);
        Assert.Equal(["rollback", "videokit-api", "41", "--namespace=videokit", "--kube-context=sandbox", "--kubeconfig=" + sandbox.Kubeconfig, waitFlag, timeout, forceFlag], api);
        var worker = Assert.Single(calls, c => c.Length > 1 && c[1] == "videokit-worker");
        Assert.Equal(["rollback", "videokit-worker", "17"], worker.Take(3));
        Assert.Contains(version, results[0].Executor, StringComparison.Ordinal);
        Assert.Contains(results[0].Transcript, t => t.Kind == "Stdout" && t.Text == "Rollback was a success! Happy Helming!");
    }

    [Fact]
    public async Task Helm_failure_reports_stderr_and_state_and_the_other_release_completes()
    {
        if (!HelmStandIn.Available)
        {
            Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
            return;
        }

        await using var sandbox = await VideokitSandbox.StartAsync();
        var log = Path.Combine(sandbox.Directory, "helm.log");
        var helm = HelmStandIn.Write(sandbox.Directory, sandbox.Cluster.Address, "v3.15.4", log, failReleases: "videokit-api");
        using var factory = VideokitSandbox.Factory(RollbackExecutorKind.Helm, helm);
        var options = new RollbackOptions { Timeout = TimeSpan.FromSeconds(60) };
        var results = await new RollbackService().RunAsync(await JobsAsync(sandbox, factory, options), options, null, CancellationToken.None);

        var api = results[0];
        Assert.False(api.Succeeded);
        Assert.Equal("Failed", api.Outcome);
        Assert.Equal(1, api.HelmExitCode);
        Assert.Contains("Error: stand-in failure: rollback of videokit-api refused", api.Message, StringComparison.Ordinal);
        Assert.Contains(api.Transcript, t => t.Kind == "Stderr" && t.Text.StartsWith("Error: stand-in failure", StringComparison.Ordinal));
        Assert.Contains("revision 43 was not written", api.StateLeft, StringComparison.Ordinal);
        Assert.Null(api.AppliedAt);
        Assert.True(results[1].Succeeded, results[1].Message);
        Assert.Equal(19, results[1].NewRevision);
    }

    [Fact]
    public async Task Never_ready_revision_fails_at_progress_deadline_naming_workload_and_counters()
    {
        await using var sandbox = await VideokitSandbox.StartAsync(t => t.Replace(
            "- {revision: 41, gitCommit: 44f1639}", "- {revision: 41, gitCommit: 44f1639, neverReady: true, progressDeadlineSeconds: 2}", StringComparison.Ordinal));
        using var factory = VideokitSandbox.Factory();
        var options = new RollbackOptions { Timeout = TimeSpan.FromSeconds(40) };
        var watch = Stopwatch.StartNew();
        var results = await new RollbackService().RunAsync(await JobsAsync(sandbox, factory, options), options, null, CancellationToken.None);

        var api = results[0];
        Assert.False(api.Succeeded);
        Assert.Equal("Failed", api.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}: the progress deadline should end it before the overall deadline");
        Assert.Contains("videokit-api", api.Message, StringComparison.Ordinal);
        Assert.Contains("ProgressDeadlineExceeded", string.Join(" ", api.Workloads.Select(w => w.Reason)) + api.Message, StringComparison.Ordinal);
        Assert.Contains("not ready: deployment/videokit-api", api.StateLeft, StringComparison.Ordinal);
        Assert.Contains("revision 43 is", api.StateLeft, StringComparison.Ordinal);
        Assert.True(results[1].Succeeded, results[1].Message);
    }

    [Fact]
    public async Task Never_ready_revision_fails_at_the_overall_deadline()
    {
        await using var sandbox = await VideokitSandbox.StartAsync(t => t.Replace(
            "- {revision: 41, gitCommit: 44f1639}", "- {revision: 41, gitCommit: 44f1639, neverReady: true, progressDeadlineSeconds: 600}", StringComparison.Ordinal));
        using var factory = VideokitSandbox.Factory();
        var options = new RollbackOptions { Timeout = TimeSpan.FromSeconds(4) };
        var watch = Stopwatch.StartNew();
        var results = await new RollbackService().RunAsync(await JobsAsync(sandbox, factory, options), options, null, CancellationToken.None);

        var api = results[0];
        Assert.Equal("TimedOut", api.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(12), $"took {watch.Elapsed}");
        Assert.Contains("deployment/videokit-api", api.StateLeft, StringComparison.Ordinal);
        Assert.Matches(@"updated \d+/3", api.StateLeft);
        Assert.NotNull(api.AppliedAt);
        Assert.Null(api.ReadyAt);
    }

    [Fact]
    public async Task Cancellation_returns_within_a_second_with_a_partial_result()
    {
        if (!HelmStandIn.Available)
        {
            Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
            return;
        }

        await using var sandbox = await VideokitSandbox.StartAsync();
        var log = Path.Combine(sandbox.Directory, "helm.log");
        var helm = HelmStandIn.Write(sandbox.Directory, sandbox.Cluster.Address, "v3.15.4", log, slowReleases: "videokit-api");
        using var factory = VideokitSandbox.Factory(RollbackExecutorKind.Helm, helm);
        var options = new RollbackOptions { Timeout = TimeSpan.FromSeconds(60) };
        var jobs = await JobsAsync(sandbox, factory, options);
        using var cts = new CancellationTokenSource();
        var run = new RollbackService().RunAsync(jobs, options, null, cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(4)); // worker done (ready after ~1 s); api's helm still sleeping
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var results = await run;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");

        var api = results[0];
        Assert.Equal("Stopped", api.Outcome);
        Assert.Equal("Helm", api.Phase);
        Assert.Contains("Not done:", api.StateLeft, StringComparison.Ordinal);
        Assert.Contains("helm did not finish (it was killed)", api.StateLeft, StringComparison.Ordinal);
        Assert.Contains(api.Transcript, t => t.Kind == "Exit" && t.Text == "killed");
        Assert.True(results[1].Succeeded, results[1].Message);
    }

    private sealed class SyncProgress<T>(List<T> sink) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
