using System.Globalization;

namespace RollbackDrill.Engine.Reports;

/// <summary>Culture-invariant formatting of times and durations shared by every renderer.</summary>
public static class ReportText
{
    /// <summary>ISO 8601 in UTC with the fraction only where there is one, e.g. 2024-11-18T09:00:00Z.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>For people: 2024-11-18 09:00:00 UTC.</summary>
    public static string Human(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Seconds with at most three decimals (JSON numbers, JUnit time attributes).</summary>
    public static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3, MidpointRounding.AwayFromZero);

    public static string SecondsText(TimeSpan span) => Seconds(span).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>For people: 4m 55s, 1h 02m 03s, 850ms, 12.5s; negative spans keep their sign.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Duration(span.Negate());
        }

        if (span < TimeSpan.FromSeconds(1))
        {
            return ((int)Math.Round(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var seconds = span.TotalSeconds % 60;
        var secondsText = Math.Abs(seconds - Math.Round(seconds)) < 0.05
            ? ((int)Math.Round(seconds)).ToString(CultureInfo.InvariantCulture)
            : seconds.ToString("0.0", CultureInfo.InvariantCulture);
        var hours = (int)span.TotalHours;
        var minutes = span.Minutes;
        if (secondsText == "60")
        {
            secondsText = "0";
            minutes++;
            if (minutes == 60)
            {
                minutes = 0;
                hours++;
            }
        }

        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}h {minutes:00}m {secondsText.PadLeft(2, '0')}s")
            : minutes > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m {secondsText.PadLeft(2, '0')}s")
                : secondsText + "s";
    }

    /// <summary>The verdict of an objective in words and symbol: ✓ met, ✗ breached, – not judged.</summary>
    public static string Mark(bool? met) => met switch
    {
        true => "✓",
        false => "✗",
        null => "–",
    };

    public static string VerdictWord(ReportVerdict verdict) => verdict switch
    {
        ReportVerdict.Passed => "PASSED",
        ReportVerdict.Failed => "FAILED",
        ReportVerdict.DryRun => "DRY RUN",
        _ => "INCONCLUSIVE",
    };

    /// <summary>A Helm revision cell: "43 (41)" when revision 43 was a rollback to 41.</summary>
    public static string Revision(int? revision, int? rollbackOf) =>
        revision is null ? string.Empty
        : rollbackOf is null ? revision.Value.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{revision} ({rollbackOf})");

    /// <summary>The window as one line: 2024-11-18 09:00-09:30 UTC, or the two full times across days.</summary>
    public static string Window(DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is null && end is null)
        {
            return string.Empty;
        }

        if (start is { } s && end is { } e)
        {
            var (su, eu) = (s.UtcDateTime, e.UtcDateTime);
            return su.Date == eu.Date
                ? su.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "–" + eu.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"
                : Human(s) + " – " + Human(e);
        }

        return start is { } only ? Human(only) + " – (open)" : "(unknown) – " + Human(end!.Value);
    }

    /// <summary>A single line: control characters (newlines, tabs, escapes) become spaces.</summary>
    public static string OneLine(string? text) =>
        text is null ? string.Empty : string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
}
