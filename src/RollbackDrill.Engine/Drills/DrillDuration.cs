using System.Globalization;

namespace RollbackDrill.Engine.Drills;

/// <summary>Durations in drill files use Go's time.ParseDuration syntax, as helm --timeout does ("90s", "1h30m").</summary>
internal static class DrillDuration
{
    // Go time.ParseDuration: one or more decimal numbers, each with optional fraction and a unit
    // ns, us, µs, ms, s, m, h; "0" alone needs no unit. Negative durations make no sense in a drill file.
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        double totalSeconds = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            double? scale = text[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" or "μs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            totalSeconds += number * scale.Value;
        }

        value = TimeSpan.FromSeconds(totalSeconds);
        return true;
    }
}
