using System.Globalization;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>Times as Helm writes them in release JSON: Go's time.MarshalJSON = RFC 3339 with up to nine
/// fractional digits, trailing zeros trimmed (time.RFC3339Nano); helm pkg/time writes "" for the zero time.</summary>
public static class HelmTime
{
    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var baseText = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        // DateTimeOffset has 100 ns ticks: seven digits, padded to Go's nine, then trimmed as RFC3339Nano does.
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        var fraction = (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return fraction.Length == 0 ? baseText + "Z" : baseText + "." + fraction + "Z";
    }

    /// <summary>Parses Helm's times (RFC 3339 with 0–9 fractional digits, Z or an offset); "" or null → null.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // .NET parses at most 7 fractional digits: cut the fraction to 7 before parsing.
        var t = text;
        var dot = t.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < t.Length && char.IsAsciiDigit(t[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                t = string.Concat(t.AsSpan(0, dot + 8), t.AsSpan(end));
            }
        }

        return DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
