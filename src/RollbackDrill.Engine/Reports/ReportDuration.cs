using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Reads a duration the way an operator writes one: a TimeSpan string (00:05:00), a number of seconds, an
/// ISO 8601 duration (PT4M55S) or a Go-style duration as Helm and kubectl take it (5m, 4m55s, 1h30m, 850ms).
/// </summary>
public static partial class ReportDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (s.StartsWith('P') || s.StartsWith('p'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(s.ToUpperInvariant());
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        // Go time.ParseDuration: a sequence of decimal numbers with units h, m, s, ms, us/µs, ns.
        var m = GoDuration().Match(s);
        if (m.Success)
        {
            double total = 0;
            foreach (Capture part in m.Groups["part"].Captures)
            {
                var pm = GoPart().Match(part.Value);
                var n = double.Parse(pm.Groups["n"].Value, CultureInfo.InvariantCulture);
                total += pm.Groups["u"].Value switch
                {
                    "h" => n * 3600,
                    "m" => n * 60,
                    "s" => n,
                    "ms" => n / 1e3,
                    "us" or "µs" => n / 1e6,
                    _ => n / 1e9,
                };
            }

            value = TimeSpan.FromSeconds(total);
            return true;
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)(?<u>h|ms|m|s|us|µs|ns)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoPart();
}
