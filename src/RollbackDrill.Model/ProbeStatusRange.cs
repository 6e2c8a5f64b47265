using System.Globalization;

namespace RollbackDrill;

/// <summary>An inclusive range of HTTP status codes a probe accepts: "200", "200-299" or "2xx".</summary>
public sealed class ProbeStatusRange
{
    public ProbeStatusRange(int low, int high)
    {
        if (low < 100 || high > 599 || low > high)
        {
            throw new ArgumentOutOfRangeException(nameof(low), $"'{low}-{high}' is not a range of HTTP status codes (100-599).");
        }

        Low = low;
        High = high;
    }

    public int Low { get; }

    public int High { get; }

    public bool Contains(int status) => status >= Low && status <= High;

    /// <summary>Parses "200", "200-299" or "2xx".</summary>
    public static ProbeStatusRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length == 3 && t.EndsWith("xx", StringComparison.OrdinalIgnoreCase) && t[0] is >= '1' and <= '5')
        {
            var hundred = (t[0] - '0') * 100;
            return new ProbeStatusRange(hundred, hundred + 99);
        }

        var dash = t.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && int.TryParse(t[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var lo)
            && int.TryParse(t[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var hi))
        {
            return new ProbeStatusRange(lo, hi);
        }

        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var one))
        {
            return new ProbeStatusRange(one, one);
        }

        throw new FormatException($"'{text}' is not an HTTP status, range or class: use e.g. 200, 200-299 or 2xx.");
    }

    public override string ToString() => Low == High ? Low.ToString(CultureInfo.InvariantCulture) : $"{Low}-{High}";
}
