namespace RollbackDrill.Engine.Reports;

/// <summary>Renders a report in one format, always from a redacted copy (see <see cref="ReportRedactor"/>).</summary>
public static class ReportRenderer
{
    public static string Render(DrillReport report, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        var clean = ReportRedactor.Redact(report);
        return format switch
        {
            ReportFormat.Markdown => MarkdownReportRenderer.Render(clean),
            ReportFormat.Json => JsonReportRenderer.Render(clean),
            ReportFormat.JUnit => JUnitReportRenderer.Render(clean),
            ReportFormat.Html => HtmlReportRenderer.Render(clean),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
        };
    }

    /// <summary>The format a file name implies: .md/.markdown, .json, .xml (JUnit), .html/.htm; null when unknown.</summary>
    public static ReportFormat? FormatFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".MD" or ".MARKDOWN" => ReportFormat.Markdown,
            ".JSON" => ReportFormat.Json,
            ".XML" => ReportFormat.JUnit,
            ".HTML" or ".HTM" => ReportFormat.Html,
            _ => null,
        };
    }
}
