using RollbackDrill.Engine.Drills;
using Xunit;

namespace RollbackDrill.Engine.Tests.Drills;

public sealed class DrillProbeMapperTests
{
    private static readonly DrillDefinition Drill = new()
    {
        Name = "d",
        Environment = "staging",
        Context = "kind-sandbox",
        Namespace = "videokit",
        Groups = [],
    };

    private static RecoveryProbe Map(DrillProbe probe, IReadOnlyDictionary<string, double>? baselines = null) =>
        DrillProbeMapper.ToRecoveryProbe(probe, Drill, baselines);

    [Fact]
    public void HttpKeepsItsChecksAndReadsHeaderValuesFromTheEnvironment()
    {
        var variable = "RBD_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "Bearer s3cret");
        try
        {
            var p = Map(new DrillProbe
            {
                Name = "api", Kind = DrillProbeKind.Http, Url = new Uri("https://api.example.com/readyz"), Method = "head",
                ExpectedStatus = ["2xx", "301"], BodyContains = "OK", JsonPath = "$.status", JsonValue = "up",
                HeaderFromEnvironment = new Dictionary<string, string> { ["Authorization"] = variable }, SkipCertificateCheck = true,
            });

            Assert.Equal((ProbeKind.Http, "HEAD", "OK", "$.status", "up", true), (p.Kind, p.Method, p.BodyContains, p.JsonPath, p.JsonValue, p.SkipCertificateCheck));
            Assert.Equal([(200, 299), (301, 301)], p.ExpectedStatus.Select(s => (s.Low, s.High)));
            Assert.Equal("Bearer s3cret", p.Headers["Authorization"]);
            Assert.DoesNotContain("s3cret", p.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AMissingHeaderVariableIsAnErrorNamingTheVariableOnly()
    {
        var error = Assert.Throws<DrillException>(() => Map(new DrillProbe
        {
            Name = "api", Kind = DrillProbeKind.Http, Url = new Uri("http://localhost/readyz"),
            HeaderFromEnvironment = new Dictionary<string, string> { ["X-Token"] = "RBD_TEST_UNSET_VARIABLE_X" },
        }));
        Assert.Equal(ErrorIds.InvalidProbe, error.ErrorId);
        Assert.Contains("RBD_TEST_UNSET_VARIABLE_X", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TcpAlertsAndKubernetes()
    {
        var tcp = Map(new DrillProbe { Name = "redis", Kind = DrillProbeKind.Tcp, Address = "redis.videokit.svc:6379" });
        Assert.Equal(("redis.videokit.svc", 6379), (tcp.Host, tcp.Port));

        var alerts = Map(new DrillProbe
        {
            Name = "alerts", Kind = DrillProbeKind.Alerts, Url = new Uri("http://am:9093"),
            AlertMatchers = new Dictionary<string, string> { ["namespace"] = "videokit" },
        });
        Assert.Equal((ProbeKind.AlertsCleared, AlertSource.Alertmanager, "videokit"), (alerts.Kind, alerts.AlertSource, alerts.AlertMatchers["namespace"]));

        var k8s = Map(new DrillProbe { Name = "api-ready", Kind = DrillProbeKind.Kubernetes, Release = "videokit-api" });
        Assert.Equal((ProbeKind.KubernetesReadiness, "api-ready", "videokit-api", "videokit", "kind-sandbox"), (k8s.Kind, k8s.Name, k8s.Release, k8s.Namespace, k8s.KubeContext));
        var elsewhere = Map(new DrillProbe { Name = "db", Kind = DrillProbeKind.Kubernetes, Release = "pg", Namespace = "data" });
        Assert.Equal("data", elsewhere.Namespace);
    }

    [Fact]
    public void PrometheusWithToleranceUsesTheBaselineCapturedForItsName()
    {
        var probe = new DrillProbe { Name = "rate", Kind = DrillProbeKind.Prometheus, Url = new Uri("http://prom:9090"), Query = "sum(rate(x[1m]))", TolerancePercent = 5 };
        var p = Map(probe, new Dictionary<string, double> { ["rate"] = 120.5, ["other"] = 1 });
        Assert.Equal((ProbeComparison.WithinTolerance, 120.5, 5.0), (p.Comparison, p.Baseline, p.TolerancePercent));

        var missing = Assert.Throws<DrillException>(() => Map(probe, new Dictionary<string, double> { ["other"] = 1 }));
        Assert.Contains("no baseline", missing.Message, StringComparison.Ordinal);
        Assert.Throws<DrillException>(() => Map(probe, null));
    }

    [Fact]
    public void PrometheusWithAThresholdNeedsNoBaseline()
    {
        var p = Map(new DrillProbe { Name = "errors", Kind = DrillProbeKind.Prometheus, Url = new Uri("http://prom:9090"), Query = "q", Threshold = 0.5, Comparison = "lessthan" });
        Assert.Equal((ProbeComparison.LessThan, 0.5, (double?)null), (p.Comparison, p.Threshold, p.Baseline));
        var byDefault = Map(new DrillProbe { Name = "errors", Kind = DrillProbeKind.Prometheus, Url = new Uri("http://prom:9090"), Query = "q", Threshold = 0.5 });
        Assert.Equal(ProbeComparison.LessThanOrEqual, byDefault.Comparison);
        var bad = Assert.Throws<DrillException>(() => Map(new DrillProbe { Name = "e", Kind = DrillProbeKind.Prometheus, Url = new Uri("http://p:9090"), Query = "q", Threshold = 1, Comparison = "About" }));
        Assert.Contains("About", bad.Message, StringComparison.Ordinal);
    }
}
