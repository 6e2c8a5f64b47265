using System.Net.Http.Json;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using Xunit;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>Prometheus baselines, invalid PromQL, and alerts that fire and clear, against the real Debian binaries.</summary>
[Collection(TimingTests.Name)]
public sealed class MonitoringTests : IDisposable
{
    private readonly HttpProbeClient http = new();

    public void Dispose() => http.Dispose();

    private RecoveryMeasurementService Service() => new(new ProbeCheckFactory(http), TimeProvider.System);

    [ToolFact("prometheus", "prometheus-alertmanager")]
    public async Task BaselineCapturedDisplacedAndRestoredRecoversWhenPrometheusSeesIt()
    {
        var stack = MonitoringServers.Instance;
        stack.Set("rbd_test_requests", 100);
        await stack.WaitForValueAsync("rbd_test_requests", v => v == 100);
        var baseline = await new RecoveryBaselineService(http, TimeProvider.System).CaptureAsync(stack.PrometheusUrl, "rbd_test_requests", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(100, baseline.Value);

        stack.Set("rbd_test_requests", 200); // displaced by the bad release
        await stack.WaitForValueAsync("rbd_test_requests", v => v == 200);
        var probe = new RecoveryProbe { Name = "rate", Kind = ProbeKind.PrometheusQuery, PrometheusUrl = stack.PrometheusUrl, Query = baseline.Query, Baseline = baseline.Value, TolerancePercent = 10 };
        DateTimeOffset restoredAt = default;
        var restore = Task.Run(async () =>
        {
            await Task.Delay(1500);
            restoredAt = TimeProvider.System.GetUtcNow();
            stack.Set("rbd_test_requests", 104); // back within 10 %
        });
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "rate", Probes = [probe], Timeout = TimeSpan.FromSeconds(20) }, null, CancellationToken.None);
        await restore;

        Assert.Equal(RecoveryOutcome.Recovered, m.Outcome);
        Assert.Contains("is not within ±10% of the baseline 100", m.Samples[0].Error);
        // Prometheus sees the restored value at its next scrape (1 s) — never before the restore.
        Assert.InRange(m.RecoveredAt!.Value, restoredAt - m.Resolution, restoredAt + TimeSpan.FromSeconds(2.5));
        Assert.Equal("value 104", m.Probes[0].LastStatus);
    }

    [ToolFact("prometheus", "prometheus-alertmanager")]
    public async Task InvalidPromQlFaultsTheProbeWithPrometheussOwnErrorText()
    {
        var stack = MonitoringServers.Instance;
        await stack.WaitForValueAsync("up", v => v == 1);
        var bad = new RecoveryProbe { Name = "bad", Kind = ProbeKind.PrometheusQuery, PrometheusUrl = stack.PrometheusUrl, Query = "rate(rbd_test_requests[1m]", Baseline = 1 };
        var good = new RecoveryProbe { Name = "up", Kind = ProbeKind.PrometheusQuery, PrometheusUrl = stack.PrometheusUrl, Query = "up", Comparison = ProbeComparison.Equal, Threshold = 1 };
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "q", Probes = [bad, good], Timeout = TimeSpan.FromSeconds(10) }, null, CancellationToken.None);
        var b = m.Probes.Single(p => p.Name == "bad");
        Assert.True(b.Faulted);
        Assert.Equal(1, b.Checks); // no point retrying a query Prometheus rejects
        Assert.Contains("bad_data", b.LastError);
        Assert.Contains("parse error", b.LastError);
        Assert.True(m.Probes.Single(p => p.Name == "up").Recovered); // the other probe is unaffected
        Assert.Equal(RecoveryOutcome.NotRecovered, m.Outcome);
        Assert.True(m.EndedAt - m.StartedAt < TimeSpan.FromSeconds(5), "a faulted probe ends the measurement early: " + string.Join("\n", m.Samples));

        var ex = await Assert.ThrowsAsync<DrillException>(() => new RecoveryBaselineService(http, TimeProvider.System).CaptureAsync(stack.PrometheusUrl, "sum(", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(ErrorIds.BaselineCaptureFailed, ex.ErrorId);
        Assert.Contains("parse error", ex.Message);
    }

    [ToolFact("prometheus", "prometheus-alertmanager")]
    public async Task PrometheusAlertFiresAndClears()
    {
        var stack = MonitoringServers.Instance;
        stack.Set("rbd_test_errors", 10);
        var probe = new RecoveryProbe
        {
            Name = "alerts",
            Kind = ProbeKind.AlertsCleared,
            AlertsUrl = stack.PrometheusUrl,
            AlertSource = AlertSource.Prometheus,
            AlertMatchers = new Dictionary<string, string> { ["alertname"] = "RbdHighErrors", ["service"] = "api" },
        };
        var api = new PrometheusApi(http);
        for (var i = 0; i < 50 && (await api.FiringAlertsAsync(stack.PrometheusUrl, TimeSpan.FromSeconds(2), CancellationToken.None)).Count == 0; i++)
        {
            await Task.Delay(200);
        }

        DateTimeOffset clearedAt = default;
        var clear = Task.Run(async () =>
        {
            await Task.Delay(1000);
            clearedAt = TimeProvider.System.GetUtcNow();
            stack.Set("rbd_test_errors", 0);
        });
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "alerts", Probes = [probe], Timeout = TimeSpan.FromSeconds(20) }, null, CancellationToken.None);
        await clear;
        Assert.True(m.Met);
        Assert.StartsWith("1 firing alert: RbdHighErrors", m.Samples[0].Error);
        Assert.InRange(m.RecoveredAt!.Value, clearedAt - m.Resolution, clearedAt + TimeSpan.FromSeconds(3.5));
    }

    [ToolFact("prometheus", "prometheus-alertmanager")]
    public async Task AlertmanagerAlertFiresAndClearsAtTheRecordedTime()
    {
        var stack = MonitoringServers.Instance;
        var labels = new Dictionary<string, string> { ["alertname"] = "RbdGatewayDown", ["service"] = "gateway", ["drill"] = Guid.NewGuid().ToString("N") };
        var post = new Uri(stack.AlertmanagerUrl, "api/v2/alerts");
        (await MonitoringServers.Http.PostAsJsonAsync(post, new[] { new { labels, startsAt = DateTimeOffset.UtcNow.AddSeconds(-5) } })).EnsureSuccessStatusCode();
        var probe = new RecoveryProbe { Name = "alerts", Kind = ProbeKind.AlertsCleared, AlertsUrl = stack.AlertmanagerUrl, AlertMatchers = new Dictionary<string, string> { ["drill"] = labels["drill"] } };

        DateTimeOffset before = default, after = default;
        var clear = Task.Run(async () =>
        {
            await Task.Delay(1000);
            before = TimeProvider.System.GetUtcNow();
            (await MonitoringServers.Http.PostAsJsonAsync(post, new[] { new { labels, startsAt = DateTimeOffset.UtcNow.AddSeconds(-6), endsAt = DateTimeOffset.UtcNow } })).EnsureSuccessStatusCode();
            after = TimeProvider.System.GetUtcNow();
        });
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "alerts", Probes = [probe], Timeout = TimeSpan.FromSeconds(15) }, null, CancellationToken.None);
        await clear;
        Assert.True(m.Met, m.Probes[0].LastError);
        Assert.StartsWith("1 firing alert: RbdGatewayDown", m.Samples[0].Error);
        Assert.InRange(m.RecoveredAt!.Value, before - m.Resolution, after + m.Resolution + TimeSpan.FromMilliseconds(5));
        Assert.True(m.Resolution <= TimeSpan.FromMilliseconds(200), $"resolution {m.Resolution}");
    }

    [ToolFact("prometheus", "prometheus-alertmanager")]
    public async Task SomethingThatIsNotAnAlertmanagerIsAClearPerProbeFailure()
    {
        _ = MonitoringServers.Instance;
        using var notAlertmanager = new FlipServer(startHealthy: true);
        var probes = new[]
        {
            new RecoveryProbe { Name = "wrong", Kind = ProbeKind.AlertsCleared, AlertsUrl = new Uri($"http://127.0.0.1:{notAlertmanager.Port}/") },
            new RecoveryProbe { Name = "down", Kind = ProbeKind.AlertsCleared, AlertsUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/") },
        };
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "am", Probes = probes, Timeout = TimeSpan.FromSeconds(1) }, null, CancellationToken.None);
        Assert.Contains("is not an Alertmanager v2 API", m.Probes[0].LastError);
        Assert.StartsWith("connection refused", m.Probes[1].LastError);
        Assert.False(m.Met);
    }
}
