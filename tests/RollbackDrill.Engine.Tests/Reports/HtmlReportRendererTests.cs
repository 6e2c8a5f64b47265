using System.Xml.Linq;
using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class HtmlReportRendererTests
{
    [Fact]
    public void IsSelfContainedWithoutScriptsOrExternalRequests()
    {
        var html = HtmlReportRenderer.Render(ReportSamples.Videokit());
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TablesHoldTheBeforeAfterRowsObjectivesAndProbes()
    {
        var html = HtmlReportRenderer.Render(ReportSamples.Videokit(canaryMet: false));
        Assert.Contains("<tr class=\"row-after\"><td>API</td><td>after</td><td>43 (41)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"row-before\"><td>Worker</td><td>before</td><td>18</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Canary</td><td>≤ 5m 00s</td><td>5m 10s</td><td>±5s</td><td class=\"bad\">✗ breached</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"ok\">✓ met</td>", html, StringComparison.Ordinal);
        Assert.Contains("<pre><code>helm rollback videokit-api 41 --namespace videokit", html, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict v-failed\">FAILED<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TimelineIsWellFormedSvgWithBarsProbesAndObjectiveLines()
    {
        var html = HtmlReportRenderer.Render(ReportSamples.Videokit());
        var start = html.IndexOf("<svg", StringComparison.Ordinal);
        var end = html.IndexOf("</svg>", StringComparison.Ordinal) + "</svg>".Length;
        var svg = XDocument.Parse(html[start..end]).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, svg.Descendants(ns + "rect").Count(r => (string?)r.Attribute("class") == "bar"));
        Assert.Single(svg.Descendants(ns + "circle"));
        Assert.Equal(2, svg.Descendants(ns + "line").Count(l => (string?)l.Attribute("class") == "objective"));
    }

    [Fact]
    public void DryRunBannerAndEscapedUserText()
    {
        var r = ReportSamples.Videokit();
        r.DryRun = true;
        r.Title = "<script>alert('x')</script>";
        r.Observations.Add("<img src=x onerror=alert(1)> & \"quotes\"");
        var html = HtmlReportRenderer.Render(r);
        Assert.Contains("<div class=\"banner\" id=\"dry-run\"", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("id=\"dry-run\"", StringComparison.Ordinal) < html.IndexOf("<h2>Overview", StringComparison.Ordinal));
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<li>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }
}
