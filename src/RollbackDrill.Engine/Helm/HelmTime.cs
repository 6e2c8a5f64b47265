using System.Globalization;
using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Helm;

/// <summary>
/// Times in Helm release JSON: Go's time.Time marshals RFC 3339 with up to 9 fractional digits (trailing zeros
/// trimmed, so 9, 8, 6 or none occur), "Z" or a local offset. Helm 3 writes the zero time as
/// "0001-01-01T00:00:00Z"; Helm 4 omits zero times and its reader (pkg/release/v1/info.go) treats "" as zero.
/// Zero, "" and absent all become null.
/// </summary>
public static partial class HelmTime
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var m = Rfc3339().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not an RFC 3339 time.");
        }

        // .NET parses at most 7 fractional digits: keep 7 (100 ns), drop the rest (Go keeps nanoseconds).
        var fraction = m.Groups["frac"].Success ? m.Groups["frac"].Value : string.Empty;
        var ticksText = fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0');
        var offsetText = m.Groups["off"].Value;
        var offset = offsetText is "Z" or "z"
            ? TimeSpan.Zero
            : TimeSpan.ParseExact(offsetText[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (offsetText[0] == '-' ? -1 : 1);
        var baseTime = DateTime.ParseExact(m.Groups["dt"].Value.Replace(' ', 'T').Replace('t', 'T'), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None);
        if (baseTime.Year == 1 && baseTime.Month == 1 && baseTime.Day == 1 && baseTime.TimeOfDay == TimeSpan.Zero && offset == TimeSpan.Zero)
        {
            return null; // Go's zero time.
        }

        var ticks = long.Parse(ticksText, CultureInfo.InvariantCulture);
        return new DateTimeOffset(baseTime.AddTicks(ticks), offset);
    }

    [GeneratedRegex(@"^(?<dt>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(\.(?<frac>\d{1,9}))?(?<off>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
