using System.Diagnostics;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Tests.Infrastructure;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>StatefulSets and DaemonSets through the real kubectl, other kubectl versions, and the command-line host.</summary>
public sealed class WorkloadKubectlTests
{
    private static readonly string[] OtherVersions = ["1.27", "1.33"];

    private static JsonObject Workload(string kind, string name, int? replicas)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = new JsonObject { ["app"] = name },
                    ["annotations"] = new JsonObject { [SandboxAnnotations.ReadyAfter] = "200ms" },
                },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = name + ":1" }) },
            },
        };
        if (replicas is { } r)
        {
            spec["replicas"] = r;
            spec["serviceName"] = name;
        }

        return new JsonObject { ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    [KubectlFact]
    public async Task StatefulSet_OrderedPods_RolloutStatus_AndUpdate()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("data");
        s.Store.Create("statefulsets", "data", Workload("StatefulSet", "db", 3));
        var r = await s.KubectlAsync("rollout", "status", "sts/db", "-n", "data", "--timeout", "30s");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("partitioned roll out complete: 3 new pods have been updated...", r.Stdout);
        var pods = s.Store.List("pods", "data").Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToArray();
        Assert.Equal(["db-0", "db-1", "db-2"], pods);

        var set = await s.KubectlAsync("set", "image", "sts/db", "-n", "data", "db=db:2");
        Assert.True(set.ExitCode == 0, set.ToString());
        var sts = await s.WaitForAsync("statefulsets", "data", "db", o =>
            o["status"]?["updatedReplicas"]?.GetValue<long>() == 3 && o["status"]?["readyReplicas"]?.GetValue<long>() == 3 &&
            o["status"]?["currentRevision"]?.GetValue<string>() == o["status"]?["updateRevision"]?.GetValue<string>() &&
            o["status"]?["observedGeneration"]?.GetValue<long>() == 2);
        Assert.Equal(3, sts["status"]!["availableReplicas"]!.GetValue<long>());
        Assert.All(s.Store.List("pods", "data"), p => Assert.Equal("db:2", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        var history = await s.KubectlAsync("rollout", "history", "sts/db", "-n", "data");
        Assert.Matches(@"1\s+<none>\n2\s+<none>", history.Stdout);
    }

    [KubectlFact]
    public async Task DaemonSet_OnePodPerNode_RolloutStatus()
    {
        await using var s = await TestSandbox.StartAsync(new SandboxOptions { NodeCount = 3 });
        s.Namespace("ops");
        s.Store.Create("daemonsets", "ops", Workload("DaemonSet", "agent", null));
        var r = await s.KubectlAsync("rollout", "status", "ds/agent", "-n", "ops", "--timeout", "30s");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("daemon set \"agent\" successfully rolled out", r.Stdout);
        var nodes = s.Store.List("pods", "ops").Select(p => p["spec"]!["nodeName"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["sandbox-node-1", "sandbox-node-2", "sandbox-node-3"], nodes);
        var get = await s.KubectlAsync("get", "ds", "-n", "ops");
        Assert.Matches(@"agent\s+3\s+3\s+3\s+3\s+3\s+<none>", get.Stdout);
    }

    [KubectlFact]
    public async Task OtherKubectlVersions_GetScaleRolloutWork()
    {
        var versions = OtherVersions
            .Select(v => "/usr/lib/google-cloud-sdk/bin/kubectl." + v).Where(File.Exists).ToList();
        if (versions.Count == 0)
        {
            versions.Add(Kubectl.Path!);
        }

        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web", replicas: 1);
        foreach (var exe in versions)
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--kubeconfig", s.Kubeconfig, "--cache-dir", Path.Combine(s.Directory, "c" + Path.GetFileName(exe)), "rollout", "status", "deploy/web", "-n", "demo", "--timeout", "30s" })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var stdout = await p.StandardOutput.ReadToEndAsync();
            var stderr = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, $"{exe}: {stdout}\n{stderr}");
            Assert.Contains("successfully rolled out", stdout);
        }
    }

    [KubectlFact]
    public async Task Host_PrintsReadyLine_AndServesKubectl()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "RollbackDrill.Sandbox.Host.dll");
        Assert.True(File.Exists(dll), dll);
        var dir = Path.Combine(Path.GetTempPath(), "rbd-host-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var kc = Path.Combine(dir, "kubeconfig");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--kubeconfig", kc, "--context", "drill" })
        {
            psi.ArgumentList.Add(a);
        }

        using var host = Process.Start(psi)!;
        try
        {
            var readLine = host.StandardOutput.ReadLineAsync();
            var line = await readLine.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Matches(@"^sandbox ready at http://127\.0\.0\.1:\d+/ context drill kubeconfig ", line);
            var r = await Kubectl.RunAsync(kc, "get", "ns", "-o", "name");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("namespace/default", r.Stdout);
            var ctx = await Kubectl.RunAsync(kc, "config", "current-context");
            Assert.Equal("drill", ctx.Stdout.Trim());
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Host_WithoutKubeconfig_ExitsWithUsageError()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "RollbackDrill.Sandbox.Host.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        using var host = Process.Start(psi)!;
        var stderr = await host.StandardError.ReadToEndAsync();
        await host.WaitForExitAsync();
        Assert.Equal(2, host.ExitCode);
        Assert.Contains("--kubeconfig OUTFILE is required", stderr);
    }
}
