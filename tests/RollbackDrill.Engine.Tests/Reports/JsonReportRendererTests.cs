using System.Globalization;
using System.Text.Json;
using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class JsonReportRendererTests
{
    [Fact]
    public void ParsesBackWithTheDocumentedSchema()
    {
        using var doc = JsonDocument.Parse(JsonReportRenderer.Render(ReportSamples.Videokit()));
        var root = doc.RootElement;
        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("RollbackDrillReport", root.GetProperty("kind").GetString());
        Assert.Equal("passed", root.GetProperty("verdict").GetString());
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        Assert.Equal("prod-eu-west-1-admin", root.GetProperty("context").GetProperty("name").GetString());
        Assert.Equal("2024-11-18T09:00:00Z", root.GetProperty("window").GetProperty("start").GetString());
        Assert.Equal(1800, root.GetProperty("window").GetProperty("durationSeconds").GetDouble());
        var start = DateTimeOffset.Parse(root.GetProperty("window").GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(ReportSamples.Start, start);

        var canary = root.GetProperty("objectives")[1];
        Assert.Equal("Canary", canary.GetProperty("name").GetString());
        Assert.Equal(300, canary.GetProperty("targetSeconds").GetDouble());
        Assert.Equal(295, canary.GetProperty("measuredSeconds").GetDouble());
        Assert.Equal(5, canary.GetProperty("resolutionSeconds").GetDouble());
        Assert.True(canary.GetProperty("met").GetBoolean());

        var after = root.GetProperty("components")[1];
        Assert.Equal("after", after.GetProperty("phase").GetString());
        Assert.Equal(43, after.GetProperty("helmRevision").GetInt32());
        Assert.Equal(41, after.GetProperty("rollbackOf").GetInt32());

        var step = root.GetProperty("steps")[0];
        Assert.Equal(["helm", "rollback", "videokit-api", "41"], step.GetProperty("command").EnumerateArray().Take(4).Select(e => e.GetString()!).ToArray());
        Assert.Equal(252, step.GetProperty("durationSeconds").GetDouble());
        Assert.Equal("2024-11-18T09:09:12Z", root.GetProperty("probes")[0].GetProperty("firstHealthy").GetString());
    }

    [Fact]
    public void EveryKeyIsPresentAndCamelCaseEvenForAnEmptyReport()
    {
        using var doc = JsonDocument.Parse(JsonReportRenderer.Render(new DrillReport { GeneratedAt = ReportSamples.Start }));
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(
            ["schemaVersion", "kind", "title", "verdict", "dryRun", "summary", "environment", "context", "operator", "toolVersion", "generatedAt", "window",
             "releases", "objectives", "components", "steps", "probes", "timings", "observations", "followUps", "artifacts", "transcript"],
            keys);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("context").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("window").GetProperty("start").ValueKind);
        Assert.Equal("inconclusive", doc.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void DryRunAndBreachesShowInTheVerdict()
    {
        var dry = ReportSamples.Videokit();
        dry.DryRun = true;
        using var d = JsonDocument.Parse(JsonReportRenderer.Render(dry));
        Assert.True(d.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal("dryrun", d.RootElement.GetProperty("verdict").GetString());

        using var f = JsonDocument.Parse(JsonReportRenderer.Render(ReportSamples.Videokit(canaryMet: false)));
        Assert.Equal("failed", f.RootElement.GetProperty("verdict").GetString());
        Assert.False(f.RootElement.GetProperty("objectives")[1].GetProperty("met").GetBoolean());
    }
}
