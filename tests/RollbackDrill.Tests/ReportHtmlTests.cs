using System.Text.RegularExpressions;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>The HTML report as a browser sees it: headless Chromium renders the exported file offline.</summary>
public sealed class ReportHtmlTests
{
    [ChromiumFact]
    public void ChromiumRendersTheTablesTimelineAndAScreenshotThatIsNotBlank()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-html-").FullName;
        var html = Path.Combine(dir, "drill.html");
        using (var ps = new ModuleRunspace())
        {
            var r = ps.InvokeWith(
                ReportTests.VideokitScript + "\n$report.Observations.Add('<b>bold</b> & <script>document.title=1</script>'); $report | Export-DrillReport -Path $path",
                new Dictionary<string, object> { ["secret"] = ReportTests.Secret, ["path"] = html });
            Assert.Empty(r.AllErrors);
        }

        var dom = ReportChromium.Run(html, "--dump-dom");
        var table = Regex.Match(dom, "<table id=\"before-after\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(2, Regex.Count(table, "<tr class=\"row-before\">"));
        Assert.Equal(2, Regex.Count(table, "<tr class=\"row-after\">"));
        Assert.Contains("<td>43 (41)</td>", table, StringComparison.Ordinal);
        Assert.Contains("<td>19 (17)</td>", table, StringComparison.Ordinal);
        var objectives = Regex.Match(dom, "<table id=\"objectives\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(2, Regex.Count(objectives, "✓ met"));
        Assert.Contains("<svg id=\"timeline\"", dom, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(dom, "<rect class=\"bar\""));
        Assert.Contains("class=\"verdict v-passed\">PASSED<", dom, StringComparison.Ordinal);
        // User markup stayed text: the browser built no <b> or <script> element from it.
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;document.title=1&lt;/script&gt;", dom, StringComparison.Ordinal);
        Assert.Equal("Videokit rollback drill", Regex.Match(dom, "<title>(.*?)</title>").Groups[1].Value);

        // The picture: kept as a test artifact, and not blank.
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var png = Path.Combine(artifacts, "drill-report.png");
        File.Delete(png);
        ReportChromium.Run(html, "--window-size=1200,1600", "--screenshot=" + png);
        var (width, height, nonBackground, colours) = ReportChromium.InspectPng(png);
        Assert.Equal((1200, 1600), (width, height));
        Assert.True(nonBackground > width * height / 50, $"the screenshot is nearly blank: {nonBackground} non-background pixels");
        Assert.True(colours > 20, $"the screenshot has only {colours} colours");
    }
}
