using System.Globalization;
using System.Text;

namespace RollbackDrill.Engine.Rules;

/// <summary>Go's time.Duration text form, as Helm's --timeout prints and parses it (e.g. "5m0s", "1h0m0s", "1.5s", "300ms").</summary>
public static class GoDuration
{
    /// <summary>Go time.Duration.String for a non-negative duration (TimeSpan has 100 ns ticks, the finest unit used here).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Negate());
        }

        long nanos = checked(duration.Ticks * 100);
        if (nanos == 0)
        {
            return "0s";
        }

        if (nanos < 1_000_000_000)
        {
            // Go: a sub-second duration uses the largest unit that keeps it >= 1 (ns, µs, ms), with a fraction.
            return nanos < 1_000 ? nanos.ToString(CultureInfo.InvariantCulture) + "ns"
                : nanos < 1_000_000 ? Fraction(nanos, 1_000) + "µs"
                : Fraction(nanos, 1_000_000) + "ms";
        }

        var sb = new StringBuilder();
        long hours = nanos / 3_600_000_000_000;
        long rest = nanos % 3_600_000_000_000;
        long minutes = rest / 60_000_000_000;
        long secondNanos = rest % 60_000_000_000;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(Fraction(secondNanos, 1_000_000_000)).Append('s');
        return sb.ToString();
    }

    // value/unit with the fraction's trailing zeros removed, as Go's fmtFrac does.
    private static string Fraction(long value, long unit)
    {
        var whole = value / unit;
        var frac = value % unit;
        if (frac == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fracText = frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + fracText;
    }
}
