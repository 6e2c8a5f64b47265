using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Tests.Infrastructure;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>The real kubectl against an in-process sandbox: the proof that the sandbox speaks the wire protocol.</summary>
public sealed class KubectlTests
{
    [KubectlFact]
    public async Task GetRawVersion_PrintsVersionInfo()
    {
        await using var s = await TestSandbox.StartAsync();
        var r = await s.KubectlAsync("get", "--raw", "/version");
        Assert.True(r.ExitCode == 0, r.ToString());
        var v = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("v1.32.0", v["gitVersion"]!.GetValue<string>());
        Assert.Equal("1", v["major"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task GetDeploy_ShowsServerSideColumnsAndCounts()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("videokit");
        s.Deployment("videokit", "videokit-api", replicas: 2);
        await s.WaitRolledOutAsync("videokit", "videokit-api");
        var r = await s.KubectlAsync("get", "deploy", "-n", "videokit");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$", lines[0]);
        Assert.Matches(@"^videokit-api\s+2/2\s+2\s+2\s+\d+s$", lines[1]);
    }

    [KubectlFact]
    public async Task GetSecrets_ByLabel_ReturnsOnlyMatchingAsJson()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("videokit");
        var release = Convert.ToBase64String(Encoding.UTF8.GetBytes("H4sIAAAAAAAA"));
        foreach (var (name, owner) in new[] { ("sh.helm.release.v1.api.v1", "helm"), ("sh.helm.release.v1.api.v2", "helm"), ("other", "me") })
        {
            s.Store.Create("secrets", "videokit", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["owner"] = owner, ["name"] = "api" } },
                ["type"] = "helm.sh/release.v1",
                ["data"] = new JsonObject { ["release"] = release },
            });
        }

        var r = await s.KubectlAsync("get", "secrets", "-n", "videokit", "-l", "owner=helm", "-o", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var list = JsonNode.Parse(r.Stdout)!;
        var items = list["items"]!.AsArray();
        Assert.Equal(["sh.helm.release.v1.api.v1", "sh.helm.release.v1.api.v2"], items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal("helm.sh/release.v1", items[0]!["type"]!.GetValue<string>());
        Assert.Equal(release, items[0]!["data"]!["release"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task RolloutStatus_FinishesWhenSimulatedRolloutDoes()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("videokit");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        s.Deployment("videokit", "api", replicas: 3, readyAfter: "4s");
        var r = await s.KubectlAsync("rollout", "status", "deploy/api", "-n", "videokit", "--timeout", "60s");
        var elapsed = sw.Elapsed;
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.Stdout.Contains("Waiting for deployment \"api\" rollout to finish: 0 of 3 updated replicas are available...", StringComparison.Ordinal), $"total {elapsed}; {r}");
        Assert.EndsWith("deployment \"api\" successfully rolled out\n", r.Stdout);

        // It waited for the simulated readiness (4s after the pods started), not less, and not much more.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(3.9), TimeSpan.FromSeconds(12));
    }

    [KubectlFact]
    public async Task RolloutStatus_NeverReady_FailsWithProgressDeadline()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("videokit");
        s.Deployment("videokit", "api", replicas: 2, progressDeadlineSeconds: 3, neverReady: true);
        var r = await s.KubectlAsync("rollout", "status", "deploy/api", "-n", "videokit", "--timeout", "60s");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("deployment \"api\" exceeded its progress deadline", r.Stderr);
        var d = s.Store.Get("deployments", "videokit", "api")!;
        var progressing = d["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Progressing")!;
        Assert.Equal("ProgressDeadlineExceeded", progressing["reason"]!.GetValue<string>());
        Assert.Matches("^ReplicaSet \"api-[a-z0-9]+\" has timed out progressing.$", progressing["message"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task Scale_ChangesReplicas_AndCurrentReplicasMismatchFails()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web", replicas: 1);
        var r = await s.KubectlAsync("scale", "deploy/web", "-n", "demo", "--replicas", "3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("deployment.apps/web scaled", r.Stdout);
        await s.WaitForAsync("deployments", "demo", "web", d => d["status"]?["readyReplicas"]?.GetValue<long>() == 3);

        var bad = await s.KubectlAsync("scale", "deploy/web", "-n", "demo", "--replicas", "5", "--current-replicas", "2");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("Expected replicas to be 2, was 3", bad.Stderr);
        Assert.Equal(3, s.Store.Get("deployments", "demo", "web")!["spec"]!["replicas"]!.GetValue<long>());

        var ok = await s.KubectlAsync("scale", "deploy/web", "-n", "demo", "--replicas", "0", "--current-replicas", "3");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        await s.WaitForAsync("deployments", "demo", "web", d => d["status"]?["replicas"] is null && d["status"]?["observedGeneration"]?.GetValue<long>() == 3);
    }

    [KubectlFact]
    public async Task RolloutUndo_ReusesOldReplicaSet_WithNewRevision_AndToRevision()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web", replicas: 2, image: "web:1");
        await s.WaitRolledOutAsync("demo", "web");
        s.SetImage("demo", "web", "web:2");
        await s.WaitRolledOutAsync("demo", "web");
        s.SetImage("demo", "web", "web:3");
        await s.WaitRolledOutAsync("demo", "web");

        var history = await s.KubectlAsync("rollout", "history", "deploy/web", "-n", "demo");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n3\s+<none>", history.Stdout);

        var undo = await s.KubectlAsync("rollout", "undo", "deploy/web", "-n", "demo");
        Assert.True(undo.ExitCode == 0, undo.ToString());
        Assert.Contains("deployment.apps/web rolled back", undo.Stdout);
        var d = await s.WaitRolledOutAsync("demo", "web");
        Assert.Equal("web:2", d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("4", d["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());

        // Revision 2's ReplicaSet was reused and renumbered 4: no new ReplicaSet.
        var rss = s.Store.List("replicasets", "demo");
        Assert.Equal(3, rss.Count);
        var revisions = rss.Select(r => r["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["1", "3", "4"], revisions);

        var to1 = await s.KubectlAsync("rollout", "undo", "deploy/web", "-n", "demo", "--to-revision", "1");
        Assert.True(to1.ExitCode == 0, to1.ToString());
        d = await s.WaitRolledOutAsync("demo", "web");
        Assert.Equal("web:1", d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());

        var missing = await s.KubectlAsync("rollout", "undo", "deploy/web", "-n", "demo", "--to-revision", "42");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("unable to find specified revision 42 in history", missing.Stderr);
    }

    [KubectlFact]
    public async Task RolloutUndo_PausedDeployment_IsRefused()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web", image: "web:1");
        await s.WaitRolledOutAsync("demo", "web");
        s.SetImage("demo", "web", "web:2");
        await s.WaitRolledOutAsync("demo", "web");
        var pause = await s.KubectlAsync("rollout", "pause", "deploy/web", "-n", "demo");
        Assert.True(pause.ExitCode == 0, pause.ToString());

        var undo = await s.KubectlAsync("rollout", "undo", "deploy/web", "-n", "demo");
        Assert.NotEqual(0, undo.ExitCode);
        Assert.Contains("you cannot rollback a paused deployment", undo.Stderr);
        Assert.Equal("web:2", s.Store.Get("deployments", "demo", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task RolloutRestart_AddsRestartedAtAndRollsNewReplicaSet()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web");
        await s.WaitRolledOutAsync("demo", "web");
        var r = await s.KubectlAsync("rollout", "restart", "deploy/web", "-n", "demo");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("deployment.apps/web restarted", r.Stdout);
        var d = await s.WaitRolledOutAsync("demo", "web");
        Assert.NotNull(d["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal("2", d["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.Equal(2, s.Store.List("replicasets", "demo").Count);
    }

    [KubectlFact]
    public async Task Annotate_SetsAnnotation_WithoutBumpingGeneration()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web");
        var r = await s.KubectlAsync("annotate", "deploy/web", "-n", "demo", "drill.example/owner=ops");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("deployment.apps/web annotated", r.Stdout);
        var d = s.Store.Get("deployments", "demo", "web")!;
        Assert.Equal("ops", d["metadata"]!["annotations"]!["drill.example/owner"]!.GetValue<string>());
        Assert.Equal(1, d["metadata"]!["generation"]!.GetValue<long>());

        var again = await s.KubectlAsync("annotate", "deploy/web", "-n", "demo", "drill.example/owner=dev");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already has a value (ops)", again.Stderr);
    }

    [KubectlFact]
    public async Task GetWatch_StreamsChanges_UntilKilled()
    {
        await using var s = await TestSandbox.StartAsync();
        s.Namespace("demo");
        s.Deployment("demo", "web", replicas: 1);
        var watch = Kubectl.RunAsync(s.Kubeconfig, TimeSpan.FromSeconds(4), "get", "deploy", "-n", "demo", "-w");
        await Task.Delay(1500);
        var d = s.Store.Get("deployments", "demo", "web")!;
        d["spec"]!["replicas"] = 2;
        s.Store.Update("deployments", "demo", d);
        var r = await watch;
        Assert.True(r.TimedOut, "kubectl get -w should keep streaming until stopped: " + r);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.StartsWith("web ", StringComparison.Ordinal) && l.Contains("/2 ", StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task UnknownResource_Is404()
    {
        await using var s = await TestSandbox.StartAsync();
        var r = await s.KubectlAsync("get", "--raw", "/apis/apps/v1/namespaces/default/widgets");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("NotFound", r.Stderr);
        var t = await s.KubectlAsync("get", "widgets");
        Assert.NotEqual(0, t.ExitCode);
        Assert.Contains("the server doesn't have a resource type \"widgets\"", t.Stderr);
        var missing = await s.KubectlAsync("get", "deploy", "nope", "-n", "default");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"nope\" not found", missing.Stderr);
    }
}
