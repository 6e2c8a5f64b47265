using System.Globalization;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The `rbd` helper functions of report templates (Scriban imports public static methods with snake_case names):
/// the same wording the built-in renderers use, so a team template reads like the Markdown report.
/// </summary>
internal static class TemplateFunctions
{
    /// <summary>`rbd.duration span`: 4m 55s, 1h 02m 03s, 850ms; empty for null.</summary>
    public static string Duration(TimeSpan? span) => span is { } s ? ReportText.Duration(s) : string.Empty;

    /// <summary>`rbd.time t`: 2024-11-18 09:00:00 UTC; empty for null.</summary>
    public static string Time(DateTime? time) => time is { } t ? ReportText.Human(AsUtc(t)) : string.Empty;

    /// <summary>`rbd.iso t`: 2024-11-18T09:00:00Z; empty for null.</summary>
    public static string Iso(DateTime? time) => time is { } t ? ReportText.Iso(AsUtc(t)) : string.Empty;

    /// <summary>`rbd.seconds span`: the span in seconds, up to three decimals, e.g. 295 or 12.5; empty for null.</summary>
    public static string Seconds(TimeSpan? span) => span is { } s ? ReportText.SecondsText(s) : string.Empty;

    /// <summary>`rbd.mark met`: ✓ met, ✗ breached, – not judged.</summary>
    public static string Mark(bool? met) => ReportText.Mark(met);

    /// <summary>`rbd.md text`: Markdown-escaped text, so a value cannot inject markup, links or HTML.</summary>
    public static string Md(string? text) => MarkdownReportRenderer.Escape(text);

    /// <summary>`rbd.one_line text`: control characters (newlines, tabs) become spaces.</summary>
    public static string OneLine(string? text) => ReportText.OneLine(text);

    /// <summary>`rbd.shell argv`: an argument vector as one bash command line that runs exactly that vector.</summary>
    public static string Shell(IEnumerable<object?>? argv) =>
        argv is null ? string.Empty : CommandLine.Format(argv.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty));

    private static DateTimeOffset AsUtc(DateTime t) =>
        new(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime());
}
