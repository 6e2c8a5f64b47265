using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Engine.Tests.Reports;

/// <summary>The JSON journal reads back into an equal report that renders to the same bytes.</summary>
public sealed class JsonReportReaderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RenderReadRenderGivesTheSameBytesAndEqualParts(bool canaryMet)
    {
        var original = ReportSamples.Videokit(canaryMet);
        var json = JsonReportRenderer.Render(original);
        var read = JsonReportReader.Read(json, "drill.json");

        Assert.Equal(json, JsonReportRenderer.Render(read.Report));
        Assert.True(read.VerdictConsistent);
        Assert.Equal(original.Verdict, read.Report.Verdict);
        Assert.Equal(original.Objectives, read.Report.Objectives);
        Assert.Equal(original.Components, read.Report.Components);
        Assert.Equal(original.Probes, read.Report.Probes);
        Assert.Equal(original.Transcript, read.Report.Transcript);
        Assert.Equal(original.Steps.Select(s => (s.Name, s.Outcome, s.StartedAt, s.EndedAt, string.Join(' ', s.Command))), read.Report.Steps.Select(s => (s.Name, s.Outcome, s.StartedAt, s.EndedAt, string.Join(' ', s.Command))));
        Assert.Equal((original.Title, original.WindowStart, original.WindowEnd, original.GeneratedAt, original.Context), (read.Report.Title, read.Report.WindowStart, read.Report.WindowEnd, read.Report.GeneratedAt, read.Report.Context));
    }

    [Fact]
    public void KeepsAGivenMetOrDurationOnlyWhereItDiffersFromTheComputedOne()
    {
        var report = new DrillReport { Title = "t", GeneratedAt = new DateTimeOffset(2024, 11, 18, 10, 0, 0, TimeSpan.FromHours(2)) };
        report.Objectives.Add(new ReportObjective { Name = "computed", Target = TimeSpan.FromMinutes(5), Measured = TimeSpan.FromMinutes(4) });
        report.Objectives.Add(new ReportObjective { Name = "given", Target = TimeSpan.FromMinutes(5), Measured = TimeSpan.FromMinutes(4), Met = false });
        report.Timings.Add(new ReportTiming { Name = "span", StartedAt = ReportSamples.Start, EndedAt = ReportSamples.Start.AddTicks(12_345_678) });
        report.Timings.Add(new ReportTiming { Name = "given", Duration = TimeSpan.FromMilliseconds(1500) });

        var read = JsonReportReader.Read(JsonReportRenderer.Render(report), "x.json").Report;
        Assert.Equal(report.Objectives, read.Objectives);
        Assert.Equal(report.Timings, read.Timings);
        Assert.Equal(TimeSpan.FromTicks(12_345_678), read.Timings[0].Duration);
        Assert.Equal(report.GeneratedAt, read.GeneratedAt);
        Assert.Equal(TimeSpan.Zero, read.GeneratedAt.Offset);
    }

    [Fact]
    public void AnEditedVerdictIsReportedAsInconsistent()
    {
        var json = JsonReportRenderer.Render(ReportSamples.Videokit()).Replace("\"verdict\": \"passed\"", "\"verdict\": \"failed\"", StringComparison.Ordinal);
        var read = JsonReportReader.Read(json, "x.json");
        Assert.Equal("failed", read.RecordedVerdict);
        Assert.False(read.VerdictConsistent);
    }

    [Theory]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"schemaVersion\":\"1\",\"title\":\"t\"}", "ReportJsonInvalid", "$.generatedAt is missing")]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"schemaVersion\":\"1.x\",\"title\":\"t\"}", "ReportSchemaUnsupported", "'1.x'")]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"title\":\"t\"}", "ReportSchemaUnsupported", "'(none)'")]
    [InlineData("{\"kind\":\"HelmRelease\"}", "ReportNotRollbackDrill", "its \"kind\" is 'HelmRelease'")]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"schemaVersion\":\"1.0\",\"title\":\"t\",\"generatedAt\":\"2024-11-18T09:00:00Z\",\"components\":[{\"component\":\"api\",\"helmRevision\":4.5}]}", "ReportJsonInvalid", "$.components[0].helmRevision is 4.5, expected a whole number")]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"schemaVersion\":\"1.0\",\"title\":\"t\",\"generatedAt\":\"2024-11-18T09:00:00Z\",\"steps\":[{\"name\":\"s\",\"command\":[\"helm\",1]}]}", "ReportJsonInvalid", "$.steps[0].command[1] is a JSON number, expected a string")]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"schemaVersion\":\"1.0\",\"title\":\"t\",\"generatedAt\":\"2024-11-18T09:00:00Z\",\"probes\":[\"p\"]}", "ReportJsonInvalid", "$.probes[0] is a JSON string, expected an object")]
    [InlineData("{\"kind\":\"RollbackDrillReport\",\"schemaVersion\":\"1.0\",\"title\":\"t\",\"generatedAt\":\"2024-11-18T09:00:00Z\",\"transcript\":[{\"source\":\"helm\"}]}", "ReportJsonInvalid", "$.transcript[0].text is missing")]
    public void BadInputNamesTheProblem(string json, string errorId, string fragment)
    {
        var ex = Assert.Throws<DrillException>(() => JsonReportReader.Read(json, "bad.json"));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(DrillErrorKind.InvalidData, ex.Kind);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("'bad.json' ", ex.Message, StringComparison.Ordinal);
    }
}
