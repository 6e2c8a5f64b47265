using System.Globalization;

namespace RollbackDrill.Bench;

/// <summary>
/// Issue 6: measurement error of Measure-RecoveryTime (default interval and consecutive successes) against a known
/// recovery instant, over N trials, and the probe request rate it cost. Anchor: the probe interval, the resolution
/// the estimate claims.
/// </summary>
internal static class RecoveryBenchmarks
{
    private const string Script = "Measure-RecoveryTime -Url $args[0] -Since $args[1] -Timeout (New-TimeSpan -Seconds 20)";

    public static Task ErrorAsync(Report report, Settings s, BenchRunspace rs)
    {
        using var server = new FlipServer();
        var errors = new List<double>();
        var rates = new List<double>();
        var serverRates = new List<double>();
        TimeSpan interval = default;
        for (var i = 0; i < s.RecoveryTrials + 1; i++)
        {
            var t0 = DateTimeOffset.UtcNow;
            var flip = t0 + TimeSpan.FromMilliseconds(400 + Random.Shared.Next(0, 400)); // not aligned to the probe's clock
            server.FlipAt(flip);
            var result = rs.InvokeChecked(Script, server.Url, t0);
            if (result.Count != 1)
            {
                throw new InvalidOperationException($"Measure-RecoveryTime returned {result.Count} objects");
            }

            var m = result[0].Properties;
            if (m["RecoveredAt"].Value is not DateTimeOffset recoveredAt)
            {
                throw new InvalidOperationException("Measure-RecoveryTime did not report recovery: " + result[0]);
            }

            var started = (DateTimeOffset)m["StartedAt"].Value;
            var ended = (DateTimeOffset)m["EndedAt"].Value;
            interval = (TimeSpan)m["Interval"].Value;
            if (i == 0)
            {
                continue; // warm-up (JIT, first connection)
            }

            errors.Add((recoveredAt - flip).TotalMilliseconds);
            rates.Add(Convert.ToDouble(m["RequestRate"].Value, CultureInfo.InvariantCulture));
            serverRates.Add(server.Requests / Math.Max(0.001, (ended - started).TotalSeconds));
        }

        var abs = new Sample(errors.Select(Math.Abs));
        var signed = new Sample(errors);
        var rate = new Sample(rates);
        var seen = new Sample(serverRates);
        report.Add(new Row("recovery", string.Create(CultureInfo.InvariantCulture,
                $"`Measure-RecoveryTime -Url` error vs a known recovery instant, defaults (interval {interval.TotalMilliseconds:0} ms, 3 in a row), {abs.Count} trials"),
            string.Create(CultureInfo.InvariantCulture,
                $"|error| median {abs.Median:0.0} ms, max {abs.Max:0.0} ms (signed median {signed.Median:+0.0;-0.0} ms); {rate.Median:0.0} req/s reported, {seen.Median:0.0} req/s seen by the server"),
            string.Create(CultureInfo.InvariantCulture, $"probe interval {interval.TotalMilliseconds:0} ms"),
            Report.Ratio(abs.Max, interval.TotalMilliseconds) + " (max ÷ interval)", "≤ 100 ms", Report.Verdict(abs.Max <= 100)));
        return Task.CompletedTask;
    }
}
