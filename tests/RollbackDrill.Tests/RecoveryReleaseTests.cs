using System.Management.Automation;
using System.Text.Json.Nodes;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Measure-RecoveryTime -Release against the sandbox: a broken revision rolled back, recovery timed by the workloads' readiness.</summary>
public sealed class RecoveryReleaseTests
{
    private const string Where = "-Namespace videokit -Context sandbox -Kubeconfig $k";

    // Revision 42 of videokit-api never becomes ready (the bad release); 41's pods are ready 2 s after they start.
    private static Task<RollbackSandbox> BrokenApiAsync() => RollbackSandbox.StartAsync(t => t
        .Replace("- {revision: 42, gitCommit: 03d5aeb0}", "- {revision: 42, gitCommit: 03d5aeb0, neverReady: true, progressDeadlineSeconds: 600}", StringComparison.Ordinal)
        .Replace("- {revision: 41, gitCommit: 44f1639}", "- {revision: 41, gitCommit: 44f1639, readyAfter: 2s}", StringComparison.Ordinal));

    private static PsResult Run(ModuleRunspace ps, RollbackSandbox sandbox, string script) =>
        ps.InvokeWith("$k = $kubeconfig; " + script, new System.Collections.Hashtable { ["kubeconfig"] = sandbox.Kubeconfig });

    [Fact]
    public async Task A_rollback_measured_with_Release_recovers_after_the_pods_are_ready()
    {
        await using var sandbox = await BrokenApiAsync();
        using var ps = new ModuleRunspace();
        var r = Run(ps, sandbox,
            $"$j = Measure-RecoveryTime -Release videokit-api {Where} -Objective 00:01:00 -Timeout 00:01:00 -AsJob; Start-Sleep -Milliseconds 700; " +
            $"$r = Invoke-Rollback videokit-api {Where} -Executor Sandbox -Timeout 00:01:00 -Confirm:$false; " +
            "$null = Wait-Job $j -Timeout 30; $r; Receive-Job $j");

        Assert.Empty(r.AllErrors);
        var rollback = Of(r, "RollbackDrill.RollbackResult");
        var m = Of(r, "RollbackDrill.RecoveryMeasurement");
        Assert.Equal("Succeeded", rollback.Str("Outcome"));
        Assert.Equal("Recovered", m.Str("Outcome"));
        Assert.Equal(true, m.Prop("Met"));
        var probe = PSObject.AsPSObject(Assert.Single(((System.Collections.IEnumerable)m.Prop("Probes")!).Cast<object>()));
        Assert.Equal("KubernetesReadiness", probe.Str("Kind"));
        Assert.Equal("release videokit-api in namespace videokit @ sandbox", probe.Str("Target"));

        var issuedAt = (DateTimeOffset)rollback.Prop("IssuedAt")!;
        var readyAt = (DateTimeOffset)rollback.Prop("ReadyAt")!;
        var recoveredAt = (DateTimeOffset)m.Prop("RecoveredAt")!;
        var resolution = (TimeSpan)m.Prop("Resolution")!;
        // The probe failed while revision 42 was live and while 41's pods were starting, after the rollback was issued.
        Assert.True((DateTimeOffset)probe.Prop("LastFailedAt")! > issuedAt, "the probe saw the rollout in progress");
        Assert.True(recoveredAt - issuedAt >= TimeSpan.FromSeconds(1.5), $"recovered {recoveredAt - issuedAt} after the rollback: before 41's pods could be ready");
        // Invoke-Rollback's watch saw the same moment; the probe's bracket holds it (plus one status read's latency).
        Assert.True((recoveredAt - readyAt).Duration() <= resolution + TimeSpan.FromMilliseconds(300), $"recovered at {recoveredAt:O} ± {resolution}, rollout ready at {readyAt:O}");

        // The sandbox's own state: every api pod is Ready, and none became Ready after the measured recovery.
        var pods = await PodsAsync(sandbox, "videokit-api");
        Assert.Equal(3, pods.Count(p => p.Ready));
        Assert.All(pods.Where(p => p.Ready), p => Assert.True(p.ReadySince <= recoveredAt + resolution, $"pod ready at {p.ReadySince:O} after the recovery {recoveredAt:O}"));
        var samples = ((System.Collections.IEnumerable)m.Prop("Samples")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Contains(samples, s => s.Str("Error")?.Contains("deployment/videokit-api", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_piped_rollback_times_from_IssuedAt_and_New_RecoveryProbe_Release_and_a_wrong_name_behave()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        using var ps = new ModuleRunspace();
        var r = Run(ps, sandbox,
            $"$r = Invoke-Rollback videokit-worker {Where} -Executor Sandbox -Timeout 00:01:00 -Confirm:$false; $r; " +
            $"$r | Measure-RecoveryTime -Release videokit-worker {Where} -Name worker");
        Assert.Empty(r.AllErrors);
        var rollback = Of(r, "RollbackDrill.RollbackResult");
        var m = Of(r, "RollbackDrill.RecoveryMeasurement");
        Assert.Equal(rollback.Prop("IssuedAt"), m.Prop("StartedAt"));
        var readyAt = (DateTimeOffset)rollback.Prop("ReadyAt")!;
        var recoveredAt = (DateTimeOffset)m.Prop("RecoveredAt")!;
        var resolution = (TimeSpan)m.Prop("Resolution")!;
        // Ready at its first check: the bracket runs from t0 to that check and holds the rollout's ready moment.
        Assert.InRange(readyAt, recoveredAt - resolution, recoveredAt + resolution);

        var probe = Run(ps, sandbox, $"New-RecoveryProbe -Release videokit-worker {Where} -Name worker-ready");
        Assert.Empty(probe.AllErrors);
        var p = Of(probe, "RollbackDrill.RecoveryProbe");
        Assert.Equal(("KubernetesReadiness", "videokit-worker", "videokit", "sandbox", sandbox.Kubeconfig),
            (p.Str("Kind"), p.Str("Release"), p.Str("Namespace"), p.Str("KubeContext"), p.Str("Kubeconfig")));
        // The probe carries its context and kubeconfig: Measure-RecoveryTime needs neither.
        var measured = ps.Invoke("$args[0] | Measure-RecoveryTime -ConsecutiveSuccesses 2 -Timeout 00:00:20", p);
        Assert.Empty(measured.AllErrors);
        Assert.Equal("Recovered", Of(measured, "RollbackDrill.RecoveryMeasurement").Str("Outcome"));

        var wrong = Run(ps, sandbox, $"Measure-RecoveryTime -Release videokit-ap {Where} -Timeout 00:00:01");
        var w = Of(wrong, "RollbackDrill.RecoveryMeasurement");
        Assert.Equal("NotRecovered", w.Str("Outcome"));
        Assert.Contains(wrong.Warnings, x => x.Contains("no Deployment, StatefulSet or DaemonSet is labelled app.kubernetes.io/instance=videokit-ap", StringComparison.Ordinal));
    }

    private static PSObject Of(PsResult r, string typeName) =>
        Assert.Single(r.Output, o => o.BaseObject.GetType().FullName == typeName);

    private static async Task<List<(bool Ready, DateTimeOffset ReadySince)>> PodsAsync(RollbackSandbox sandbox, string release)
    {
        var server = File.ReadAllLines(sandbox.Kubeconfig).Select(l => l.Trim()).First(l => l.StartsWith("server:", StringComparison.Ordinal))[7..].Trim().Trim('"', '\'');
        using var http = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromSeconds(10) };
        var list = JsonNode.Parse(await http.GetStringAsync($"api/v1/namespaces/videokit/pods?labelSelector=app.kubernetes.io/instance%3D{release}"))!;
        return list["items"]!.AsArray().Select(pod =>
        {
            var ready = pod!["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready");
            return ((string?)ready?["status"] == "True", DateTimeOffset.Parse((string?)ready?["lastTransitionTime"] ?? "0001-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();
    }
}
