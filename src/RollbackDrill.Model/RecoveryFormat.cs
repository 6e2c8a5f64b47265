using System.Globalization;

namespace RollbackDrill;

/// <summary>Formats a recovery time with its resolution: "00:04:55.120 ± 0.05 s".</summary>
public static class RecoveryFormat
{
    public static string Format(TimeSpan? time, TimeSpan resolution)
    {
        if (time is not { } t)
        {
            return "not recovered";
        }

        var sign = t < TimeSpan.Zero ? "-" : string.Empty;
        var a = t.Duration();
        var clock = string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)a.TotalHours:00}:{a.Minutes:00}:{a.Seconds:00}.{a.Milliseconds:000}");
        return string.Create(CultureInfo.InvariantCulture, $"{clock} ± {Seconds(resolution)} s");
    }

    private static string Seconds(TimeSpan r) => r.TotalSeconds switch
    {
        >= 10 => r.TotalSeconds.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => r.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
        >= 0.01 => r.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
        _ => r.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
