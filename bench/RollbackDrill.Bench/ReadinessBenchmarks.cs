using System.Globalization;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox;

namespace RollbackDrill.Bench;

/// <summary>
/// Issue 5: readiness detection lag of Wait-ReleaseReady vs `kubectl rollout status` on the same flip. Each trial
/// starts a new rollout of the release's Deployment (a template annotation bumped in the store), starts both
/// waiters, and records the flip instant in-process: the first store write after which the Deployment meets
/// kubectl's rule. Lag = the waiter's return (cmdlet returns / kubectl process exits) − that instant.
/// </summary>
internal static class ReadinessBenchmarks
{
    public static async Task LagAsync(Report report, Settings s, BenchRunspace rs, Kubectl kubectlPath)
    {
        var text = Scenarios.Releases("readiness", 1, 2, 1, readyAfter: "3s", prefix: "rdy");
        await using var sandbox = await BenchSandbox.StartAsync(text, s.WorkDir, "readiness").ConfigureAwait(false);
        var store = sandbox.Cluster.Store;
        const string ns = "rdy-ns00";
        const string release = "rdy000";
        var deployment = store.List("deployments", ns, "app.kubernetes.io/instance=" + release).Single();
        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        var kubectl = new Kubectl(kubectlPath.Path, sandbox.Kubeconfig);
        await WaitReadyAsync(store, ns, name).ConfigureAwait(false);

        var cmdletLags = new List<double>();
        var kubectlLags = new List<double>();
        var cmdletLater = 0;
        for (var trial = 0; trial < s.ReadinessTrials + 1; trial++)
        {
            var flip = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var armed = false;
            void OnChanged(WatchEvent e)
            {
                // kubectl rollout status (Deployment): observedGeneration >= generation, updated == replicas == total, available == updated.
                if (Volatile.Read(ref armed) && e.Resource == "deployments" && e.Namespace == ns && e.Object["metadata"]?["name"]?.GetValue<string>() == name && IsRolledOut(e.Object))
                {
                    flip.TrySetResult(DateTimeOffset.UtcNow);
                }
            }

            store.Changed += OnChanged;
            try
            {
                var d = store.Get("deployments", ns, name)!;
                var template = d["spec"]!["template"]!["metadata"]!.AsObject();
                var annotations = template["annotations"] as JsonObject ?? [];
                annotations["bench.rollbackdrill.io/trial"] = trial.ToString(CultureInfo.InvariantCulture);
                template["annotations"] = annotations;
                store.Update("deployments", ns, d);
                Volatile.Write(ref armed, true);

                var kubectlTask = Task.Run(async () =>
                {
                    await kubectl.RunAsync("rollout", "status", "deployment/" + name, "-n", ns, "--timeout=60s").ConfigureAwait(false);
                    return DateTimeOffset.UtcNow;
                });
                var cmdletTask = Task.Run(() =>
                {
                    var r = rs.InvokeChecked("Wait-ReleaseReady -Name $args[0] -Namespace $args[1] -Kubeconfig $args[2] -Context $args[3] -Timeout (New-TimeSpan -Seconds 60)",
                        release, ns, sandbox.Kubeconfig, BenchSandbox.ContextName);
                    var done = DateTimeOffset.UtcNow;
                    return r.Count > 0 ? done : throw new InvalidOperationException("Wait-ReleaseReady returned nothing");
                });
                var kubectlDone = await kubectlTask.ConfigureAwait(false);
                var cmdletDone = await cmdletTask.ConfigureAwait(false);
                var flipped = await flip.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                if (trial == 0)
                {
                    continue; // warm-up
                }

                cmdletLags.Add((cmdletDone - flipped).TotalMilliseconds);
                kubectlLags.Add((kubectlDone - flipped).TotalMilliseconds);
                if (cmdletDone > kubectlDone)
                {
                    cmdletLater++;
                }
            }
            finally
            {
                store.Changed -= OnChanged;
            }
        }

        var c = new Sample(cmdletLags);
        var k = new Sample(kubectlLags);
        var met = c.Max <= 50 && cmdletLater == 0;
        report.Add(new Row("readiness", Inv($"`Wait-ReleaseReady` detection lag after the Deployment flips ready (readyAfter 3 s), {c.Count} trials"),
            c.Describe() + Inv($", max {c.Max:0.0} ms; later than kubectl in {cmdletLater} of {c.Count}"),
            "`kubectl rollout status` on the same flip (until its process exits): " + k.Describe(),
            Report.Ratio(c.Median, k.Median), "≤ 50 ms and no later than kubectl", Report.Verdict(met)));
    }

    private static bool IsRolledOut(JsonObject d)
    {
        var generation = d["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var status = d["status"] as JsonObject;
        long N(string key) => status?[key]?.GetValue<long>() ?? 0;
        var want = d["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        return status is not null && N("observedGeneration") >= generation && N("updatedReplicas") == want && N("replicas") == N("updatedReplicas")
            && N("availableReplicas") == N("updatedReplicas");
    }

    private static async Task WaitReadyAsync(ResourceStore store, string ns, string name)
    {
        for (var i = 0; i < 300; i++)
        {
            if (store.Get("deployments", ns, name) is { } d && IsRolledOut(d))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"deployment {ns}/{name} did not become ready in the sandbox within 30 s");
    }

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
}
