using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class HelmStandInTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rbd-helm-" + Guid.NewGuid().ToString("N"));
    private SandboxCluster? _cluster;
    private string _kubeconfig = "";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<SandboxCluster> StartVideokitAsync(bool controllers)
    {
        _cluster = SandboxCluster.Create(new SandboxOptions { RunControllers = controllers });
        ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml")).ApplyTo(_cluster);
        await _cluster.StartAsync();
        _kubeconfig = _cluster.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"), "sandbox");
        return _cluster;
    }

    private string[] Conn => ["-n", "videokit", "--kube-context", "sandbox", "--kubeconfig", _kubeconfig];

    [Theory]
    [InlineData(null, "v3.15.4+gfa9efb0\n")]
    [InlineData("4", "v4.0.0+g99cd196\n")]
    public async Task Version_short_prints_helm_version(string? major, string expected)
    {
        var env = major is null ? null : new Dictionary<string, string> { ["HELM_STANDIN_MAJOR"] = major };
        var r = await HelmStandInProcess.RunAsync(["version", "--short"], env);
        Assert.Equal((0, expected, ""), r);
    }

    [Theory]
    [InlineData(null, new[] { "rollback", "x", "--bogus" }, "Error: unknown flag: --bogus\n")]
    [InlineData("4", new[] { "rollback", "x", "--recreate-pods" }, "Error: unknown flag: --recreate-pods\n")]
    [InlineData(null, new[] { "rollback", "x", "--force-replace" }, "Error: unknown flag: --force-replace\n")]
    [InlineData(null, new[] { "rollback", "x", "--timeout", "soon" }, "Error: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\n")]
    [InlineData(null, new[] { "rollback" }, "Error: \"helm rollback\" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]\n")]
    [InlineData(null, new[] { "frobnicate" }, "Error: unknown command \"frobnicate\" for \"helm\"\nRun 'helm --help' for usage.\n")]
    public async Task Bad_command_lines_fail_like_helm(string? major, string[] args, string stderr)
    {
        var env = major is null ? null : new Dictionary<string, string> { ["HELM_STANDIN_MAJOR"] = major };
        var r = await HelmStandInProcess.RunAsync(args, env);
        Assert.Equal((1, "", stderr), r);
    }

    [Fact]
    public async Task History_json_has_helms_keys_and_honours_max()
    {
        await StartVideokitAsync(controllers: false);
        var r = await HelmStandInProcess.RunAsync(["history", "videokit-api", .. Conn, "-o", "json", "--max", "3"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        var rows = JsonNode.Parse(r.Stdout)!.AsArray();
        Assert.Equal([40, 41, 42], rows.Select(x => x!["revision"]!.GetValue<int>()));
        Assert.All(rows, x => Assert.Equal(["revision", "updated", "status", "chart", "app_version", "description"], x!.AsObject().Select(kv => kv.Key)));
        Assert.Equal(("videokit-0.1.0", "1.0.0", "deployed", "Upgrade complete"),
            (rows[2]!["chart"]!.GetValue<string>(), rows[2]!["app_version"]!.GetValue<string>(), rows[2]!["status"]!.GetValue<string>(), rows[2]!["description"]!.GetValue<string>()));
        Assert.Equal("superseded", rows[1]!["status"]!.GetValue<string>());
        Assert.NotNull(HelmTime.Parse(rows[0]!["updated"]!.GetValue<string>()));
    }

    [Fact]
    public async Task History_and_status_of_a_missing_release_say_release_not_found()
    {
        await StartVideokitAsync(controllers: false);
        Assert.Equal((1, "", "Error: release: not found\n"), await HelmStandInProcess.RunAsync(["history", "nope", .. Conn, "-o", "json"]));
        Assert.Equal((1, "", "Error: release: not found\n"), await HelmStandInProcess.RunAsync(["status", "nope", .. Conn, "-o", "json"]));
    }

    [Fact]
    public async Task Status_json_is_the_release_object()
    {
        await StartVideokitAsync(controllers: false);
        var r = await HelmStandInProcess.RunAsync(["status", "videokit-worker", .. Conn, "-o", "json"]);
        Assert.Equal(0, r.ExitCode);
        var rel = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal((18, "deployed", "videokit"), (rel["version"]!.GetValue<int>(), rel["info"]!["status"]!.GetValue<string>(), rel["namespace"]!.GetValue<string>()));
        Assert.Contains("registry.example.com/videokit/worker:03d5aeb0", rel["manifest"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_with_wait_succeeds_and_logs_exact_argv()
    {
        var cluster = await StartVideokitAsync(controllers: true);
        var log = Path.Combine(_dir, "argv.jsonl");
        string[] args = ["rollback", "videokit-api", "41", .. Conn, "--wait", "--timeout", "1m0s"];
        var r = await HelmStandInProcess.RunAsync(args, new Dictionary<string, string> { ["HELM_STANDIN_LOG"] = log });
        Assert.Equal((0, "Rollback was a success! Happy Helming!\n", ""), r);
        Assert.Equal(args, JsonNode.Parse(File.ReadAllLines(log).Single())!.AsArray().Select(a => a!.GetValue<string>()));
        var history = new HelmReleaseStore(cluster.Store).History("videokit", "videokit-api");
        Assert.Equal((43, "deployed", "Rollback to 41"), (HelmReleaseStore.Version(history[^1]), HelmReleaseStore.Status(history[^1]), history[^1]["info"]!["description"]!.GetValue<string>()));
        Assert.Equal(10, history.Count); // --history-max defaults to 10
        var dep = cluster.Store.Get("deployments", "videokit", "videokit-api")!;
        Assert.Equal("registry.example.com/videokit/api:44f1639", dep["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(3, dep["status"]?["readyReplicas"]?.GetValue<long>());
    }

    [Fact]
    public async Task Rollback_wait_timeout_fails_with_helms_error_and_leaves_failed_revision()
    {
        var cluster = await StartVideokitAsync(controllers: false); // nothing ever becomes ready
        var r = await HelmStandInProcess.RunAsync(["rollback", "videokit-worker", .. Conn, "--wait", "--timeout", "500ms", "--history-max", "0"]);
        Assert.Equal((1, "", "Error: release videokit-worker failed: context deadline exceeded\n"), r);
        var history = new HelmReleaseStore(cluster.Store).History("videokit", "videokit-worker");
        Assert.Equal(["deployed", "failed"], history.TakeLast(2).Select(HelmReleaseStore.Status));
    }

    [Fact]
    public async Task Killed_helm_exits_137_and_leaves_pending_rollback()
    {
        var cluster = await StartVideokitAsync(controllers: false);
        var r = await HelmStandInProcess.RunAsync(["rollback", "videokit-api", "0", .. Conn], new Dictionary<string, string> { ["HELM_STANDIN_KILL"] = "after-pending" });
        Assert.Equal((137, "", ""), r);
        Assert.Equal("pending-rollback", HelmReleaseStore.Status(new HelmReleaseStore(cluster.Store).History("videokit", "videokit-api")[^1]));
    }

    [Fact]
    public async Task Helm4_force_is_deprecated_but_works_and_bare_wait_means_watcher()
    {
        var cluster = await StartVideokitAsync(controllers: true);
        var r = await HelmStandInProcess.RunAsync(["rollback", "videokit-worker", "17", .. Conn, "--force", "--wait", "--timeout", "1m"],
            new Dictionary<string, string> { ["HELM_STANDIN_MAJOR"] = "4" });
        Assert.Equal((0, "Rollback was a success! Happy Helming!\n", "Flag --force has been deprecated, use --force-replace instead\n"), r);
        Assert.Equal(19, HelmReleaseStore.Version(new HelmReleaseStore(cluster.Store).History("videokit", "videokit-worker")[^1]));
    }

    [Fact]
    public async Task Missing_revision_is_reported_like_helm()
    {
        await StartVideokitAsync(controllers: false);
        Assert.Equal((1, "", "Error: release has no 99 version\n"), await HelmStandInProcess.RunAsync(["rollback", "videokit-api", "99", .. Conn]));
        Assert.Equal((1, "", "Error: could not convert revision to a number: strconv.Atoi: parsing \"x\": invalid syntax\n"),
            await HelmStandInProcess.RunAsync(["rollback", "videokit-api", "x", .. Conn]));
    }
}
