using System.Text.Json;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using Xunit;

namespace RollbackDrill.Engine.Tests.Recovery;

public sealed class RulesTests
{
    private static readonly DateTimeOffset T0 = new(2024, 7, 17, 10, 0, 0, TimeSpan.Zero);

    private static RecoveryProbe Probe() => new() { Name = "api", Kind = ProbeKind.Http, Url = new Uri("http://x/readyz") };

    private static ProbeSample Sample(double startS, bool passed, double durationS = 0.01) => new()
    {
        Probe = "api",
        StartedAt = T0.AddSeconds(startS),
        CompletedAt = T0.AddSeconds(startS + durationS),
        Passed = passed,
        Status = passed ? "HTTP 200" : "HTTP 503",
        Error = passed ? null : "status 503",
    };

    [Fact]
    public void RecoveryIsBracketedBetweenLastFailedStartAndFirstPassOfTheStreak()
    {
        var t = new ProbeTracker(Probe(), 3, T0);
        t.Record(Sample(1.0, false));
        t.Record(Sample(1.1, false));
        t.Record(Sample(1.2, true));
        t.Record(Sample(1.3, true));
        Assert.False(t.Recovered);
        t.Record(Sample(1.4, true));
        Assert.True(t.Recovered);
        var b = t.Bracket!.Value;
        Assert.Equal(T0.AddSeconds(1.1), b.Lower);
        Assert.Equal(T0.AddSeconds(1.21), b.Upper);
        Assert.Equal(TimeSpan.FromMilliseconds(55), b.Resolution);
        Assert.Equal(T0.AddSeconds(1.155), b.Estimate);
        var r = t.ToResult(T0);
        Assert.Equal(TimeSpan.FromSeconds(1.155), r.RecoveryTime);
        Assert.Equal(5, r.Checks);
        Assert.Equal(2, r.Failures);
    }

    [Fact]
    public void AFailureInsideTheStreakRestartsIt()
    {
        var t = new ProbeTracker(Probe(), 2, T0);
        t.Record(Sample(1, false));
        t.Record(Sample(2, true));
        t.Record(Sample(3, false)); // flapping: not recovered at 2
        t.Record(Sample(4, true));
        t.Record(Sample(5, true));
        Assert.Equal(T0.AddSeconds(3), t.Bracket!.Value.Lower);
        Assert.Equal(T0.AddSeconds(4.01), t.Bracket!.Value.Upper);
        Assert.Equal(2, t.Failures);
    }

    [Fact]
    public void HealthyAtTheFirstCheckIsBracketedFromT0()
    {
        var t = new ProbeTracker(Probe(), 1, T0);
        t.Record(Sample(60, true));
        Assert.Equal(T0, t.Bracket!.Value.Lower);
        Assert.Equal(TimeSpan.FromSeconds(30.005), t.Bracket!.Value.Resolution);
    }

    [Fact]
    public void APermanentFailureFaultsTheProbeAndStopsRecording()
    {
        var t = new ProbeTracker(Probe(), 1, T0);
        t.Record(Sample(1, false), permanent: true);
        t.Record(Sample(2, true));
        Assert.True(t.Faulted);
        Assert.False(t.Recovered);
        Assert.Equal(1, t.Checks);
    }

    [Fact]
    public void TheLastRecoveryBracketTakesTheLatestBounds()
    {
        var a = new RecoveryBracket(T0.AddSeconds(10), T0.AddSeconds(11));
        var b = new RecoveryBracket(T0.AddSeconds(10.5), T0.AddSeconds(10.6));
        var last = RecoveryBracket.Last([a, b]);
        Assert.Equal(T0.AddSeconds(10.5), last.Lower);
        Assert.Equal(T0.AddSeconds(11), last.Upper);
    }

    [Theory]
    [InlineData("200", 200, true)]
    [InlineData("200", 201, false)]
    [InlineData("2xx", 204, true)]
    [InlineData("2xx", 301, false)]
    [InlineData("200-399", 302, true)]
    [InlineData("200-399", 400, false)]
    public void StatusRanges(string text, int status, bool contained) =>
        Assert.Equal(contained, ProbeStatusRange.Parse(text).Contains(status));

    [Theory]
    [InlineData("abc")]
    [InlineData("300-200")]
    [InlineData("6xx")]
    [InlineData("99")]
    public void BadStatusRangesAreRejected(string text) =>
        Assert.ThrowsAny<Exception>(() => ProbeStatusRange.Parse(text));

    [Fact]
    public void HttpExpectationChecksStatusThenBodyRules()
    {
        var body = "{\"status\":\"ok\",\"checks\":{\"redis\":\"OK\",\"items\":[{\"ready\":true}]}}";
        Assert.True(HttpExpectation.Evaluate(Probe(), new HttpProbeResponse(200, body)).Passed);
        var down = HttpExpectation.Evaluate(Probe(), new HttpProbeResponse(503, body));
        Assert.False(down.Passed);
        Assert.Equal("HTTP 503", down.Status);
        Assert.Contains("expected 200-299", down.Error);

        var withRules = new RecoveryProbe { Name = "a", Kind = ProbeKind.Http, Url = new Uri("http://x"), BodyContains = "redis", BodyMatch = "\"status\":\\s*\"ok\"", JsonPath = "$.checks.items[0].ready", JsonValue = "true" };
        Assert.True(HttpExpectation.Evaluate(withRules, new HttpProbeResponse(200, body)).Passed);
        var wrongValue = new RecoveryProbe { Name = "a", Kind = ProbeKind.Http, Url = new Uri("http://x"), JsonPath = "checks.redis", JsonValue = "FAIL" };
        Assert.Equal("checks.redis is 'OK', expected 'FAIL'", HttpExpectation.Evaluate(wrongValue, new HttpProbeResponse(200, body)).Error);
        var missing = new RecoveryProbe { Name = "a", Kind = ProbeKind.Http, Url = new Uri("http://x"), JsonPath = "checks.kafka" };
        Assert.False(HttpExpectation.Evaluate(missing, new HttpProbeResponse(200, body)).Passed);
        Assert.False(HttpExpectation.Evaluate(missing, new HttpProbeResponse(200, "<html>")).Passed);
        var contains = new RecoveryProbe { Name = "a", Kind = ProbeKind.Http, Url = new Uri("http://x"), BodyContains = "Postgres OK" };
        Assert.False(HttpExpectation.Evaluate(contains, new HttpProbeResponse(200, body)).Passed);
    }

    [Fact]
    public void JsonPathStepsAndBadPaths()
    {
        Assert.Equal(["a", "b", 2, "c"], JsonPathValue.Steps("$.a.b[2].c"));
        Assert.Throws<FormatException>(() => JsonPathValue.Steps("a[x]"));
    }

    [Theory]
    [InlineData(100.0, 109.9, true)]
    [InlineData(100.0, 90.0, true)]
    [InlineData(100.0, 111.0, false)]
    [InlineData(100.0, 89.0, false)]
    [InlineData(0.0, 0.0, true)]
    [InlineData(0.0, 0.1, false)]
    public void PrometheusValueWithinTenPercentOfBaseline(double baseline, double value, bool passed)
    {
        var probe = new RecoveryProbe { Name = "p", Kind = ProbeKind.PrometheusQuery, Baseline = baseline, TolerancePercent = 10 };
        Assert.Equal(passed, PrometheusRule.Evaluate(probe, value).Passed);
    }

    [Fact]
    public void PrometheusComparisonsAndMissingData()
    {
        var p95 = new RecoveryProbe { Name = "p", Kind = ProbeKind.PrometheusQuery, Comparison = ProbeComparison.LessThan, Threshold = 0.5 };
        Assert.True(PrometheusRule.Evaluate(p95, 0.3).Passed);
        Assert.False(PrometheusRule.Evaluate(p95, 0.5).Passed);
        Assert.Equal("the query returned no series", PrometheusRule.Evaluate(p95, null).Error);
        Assert.False(PrometheusRule.Evaluate(p95, double.NaN).Passed);
    }

    [Fact]
    public void PrometheusResultsAreReadAsOneValue()
    {
        static JsonElement Data(string json) => JsonDocument.Parse(json).RootElement.Clone();
        Assert.Equal(12.5, PrometheusApi.ReadValue(Data("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1.7e9,\"12.5\"]}]}")));
        Assert.Null(PrometheusApi.ReadValue(Data("{\"resultType\":\"vector\",\"result\":[]}")));
        Assert.Equal(double.PositiveInfinity, PrometheusApi.ReadValue(Data("{\"resultType\":\"scalar\",\"result\":[1.7e9,\"+Inf\"]}")));
        var many = Assert.Throws<ProbeFailureException>(() => PrometheusApi.ReadValue(Data("{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]},{\"value\":[1,\"2\"]}]}")));
        Assert.Contains("2 series", many.Message);
    }

    [Fact]
    public void RecoveryTimeIsPrintedWithItsResolution()
    {
        Assert.Equal("00:04:55.000 ± 0.25 s", RecoveryFormat.Format(TimeSpan.FromSeconds(295), TimeSpan.FromMilliseconds(250)));
        Assert.Equal("00:13:20.040 ± 0.05 s", RecoveryFormat.Format(TimeSpan.FromMilliseconds(800_040), TimeSpan.FromMilliseconds(50)));
        Assert.Equal("not recovered", RecoveryFormat.Format(null, TimeSpan.Zero));
    }

    [Fact]
    public void TiersDefaultToTheSeedObjectivesAndCanBeOverridden()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), RecoveryTiers.Objective("Canary", _ => null));
        Assert.Equal(TimeSpan.FromMinutes(15), RecoveryTiers.Objective("Full", _ => null));
        Assert.Equal(TimeSpan.FromMinutes(3), RecoveryTiers.Objective("canary", n => n == "ROLLBACKDRILL_OBJECTIVE_CANARY" ? "00:03:00" : null));
        Assert.Throws<DrillException>(() => RecoveryTiers.Objective("Full", _ => "soon"));
    }

    [Fact]
    public void ProbeDefinitionsAreValidatedBeforeProbing()
    {
        Assert.Throws<DrillException>(() => ProbeCheckFactory.Validate(new RecoveryProbe { Name = "x", Kind = ProbeKind.Http, Url = new Uri("ftp://x/") }));
        Assert.Throws<DrillException>(() => ProbeCheckFactory.Validate(new RecoveryProbe { Name = "x", Kind = ProbeKind.PrometheusQuery, PrometheusUrl = new Uri("http://p"), Query = "up" }));
        Assert.Throws<DrillException>(() => ProbeCheckFactory.Validate(new RecoveryProbe { Name = "x", Kind = ProbeKind.Tcp, Host = "h", Port = 0 }));
        ProbeCheckFactory.Validate(new RecoveryProbe { Name = "x", Kind = ProbeKind.PrometheusQuery, PrometheusUrl = new Uri("http://p"), Query = "up", Baseline = 1 });
    }

    [Fact]
    public void HeaderValuesAreNotPublic()
    {
        var p = new RecoveryProbe { Name = "a", Kind = ProbeKind.Http, Url = new Uri("http://x") }.WithHeaders([new("Authorization", "Bearer s3cr3t")]);
        Assert.Equal(["Authorization"], p.HeaderNames);
        Assert.DoesNotContain(typeof(RecoveryProbe).GetProperties(), prop => prop.Name == "Headers");
        Assert.DoesNotContain("s3cr3t", p.ToString(), StringComparison.Ordinal);
    }
}
