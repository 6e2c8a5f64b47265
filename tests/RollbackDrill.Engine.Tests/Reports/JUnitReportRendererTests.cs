using System.Globalization;
using System.Xml.Linq;
using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class JUnitReportRendererTests
{
    [Fact]
    public void CountsMatchTheTestCasesAndABreachIsAFailureWithAMessage()
    {
        var xml = XDocument.Parse(JUnitReportRenderer.Render(ReportSamples.Videokit(canaryMet: false)));
        var suites = xml.Root!;
        Assert.Equal("testsuites", suites.Name.LocalName);
        var suite = Assert.Single(suites.Elements("testsuite"));
        var cases = suite.Elements("testcase").ToList();
        // Verdict + 2 objectives + 1 probe + 1 step.
        Assert.Equal(5, cases.Count);
        Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
        Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
        Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)suite.Attribute("skipped")!);
        Assert.Equal((int)suite.Attribute("tests")!, (int)suites.Attribute("tests")!);
        Assert.Equal(2, (int)suite.Attribute("failures")!);
        Assert.Equal(1800, double.Parse((string)suite.Attribute("time")!, CultureInfo.InvariantCulture));
        Assert.Equal("2024-11-18T09:00:00", (string)suite.Attribute("timestamp")!);

        var canary = cases.Single(c => (string)c.Attribute("name")! == "Objective: Canary");
        Assert.Equal("RollbackDrill.Objective", (string)canary.Attribute("classname")!);
        Assert.Equal(310, double.Parse((string)canary.Attribute("time")!, CultureInfo.InvariantCulture));
        var failure = canary.Element("failure")!;
        Assert.Equal("ObjectiveBreached", (string)failure.Attribute("type")!);
        Assert.Equal("Objective 'Canary' breached: measured 5m 10s (±5s), target 5m 00s.", (string)failure.Attribute("message")!);
        Assert.Null(cases.Single(c => (string)c.Attribute("name")! == "Objective: Service restored").Element("failure"));
        Assert.Contains("objective 'Canary' breached", (string)cases.Single(c => (string)c.Attribute("name")! == "Drill verdict").Element("failure")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.Contains("Happy Helming", suite.Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.Equal("prod-eu-west-1", suite.Element("properties")!.Elements("property").Single(p => (string)p.Attribute("name")! == "environment").Attribute("value")!.Value);
    }

    [Fact]
    public void DryRunSkipsEveryCase()
    {
        var r = ReportSamples.Videokit(canaryMet: false);
        r.DryRun = true;
        var suite = XDocument.Parse(JUnitReportRenderer.Render(r)).Root!.Element("testsuite")!;
        Assert.Equal(0, (int)suite.Attribute("failures")!);
        Assert.Equal((int)suite.Attribute("tests")!, (int)suite.Attribute("skipped")!);
        Assert.All(suite.Elements("testcase"), c => Assert.Contains("dry run", (string)c.Element("skipped")!.Attribute("message")!, StringComparison.Ordinal));
    }

    [Fact]
    public void ControlCharactersAndMarkupInUserTextStayWellFormed()
    {
        var r = new DrillReport { Title = "a <b> & \"c\" \u0001\u001b[31m", GeneratedAt = ReportSamples.Start };
        r.Objectives.Add(new ReportObjective { Name = "x]]></failure>", Target = TimeSpan.FromSeconds(1), Measured = TimeSpan.FromSeconds(2) });
        var xml = XDocument.Parse(JUnitReportRenderer.Render(r));
        var suite = xml.Root!.Element("testsuite")!;
        Assert.Equal("a <b> & \"c\" \uFFFD\uFFFD[31m", (string)suite.Attribute("name")!);
        Assert.Equal("Objective: x]]></failure>", (string)suite.Elements("testcase").ElementAt(1).Attribute("name")!);
    }
}
