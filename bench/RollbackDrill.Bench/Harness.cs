using System.Diagnostics;

namespace RollbackDrill.Bench;

/// <summary>A plain Stopwatch harness: warm-up runs (discarded), then N timed runs, bounded.</summary>
internal static class Harness
{
    public static async Task<Sample> TimeAsync(int warmup, int repetitions, Func<Task> action)
    {
        for (var i = 0; i < warmup; i++)
        {
            await action().ConfigureAwait(false);
        }

        var times = new List<double>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            var sw = Stopwatch.StartNew();
            await action().ConfigureAwait(false);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return new Sample(times);
    }

    public static Task<Sample> Time(int warmup, int repetitions, Action action) =>
        TimeAsync(warmup, repetitions, () =>
        {
            action();
            return Task.CompletedTask;
        });

    /// <summary>Runs two actions alternately (A, B, A, B, ...) so drift of the machine hits both equally.</summary>
    public static async Task<(Sample A, Sample B)> InterleavedAsync(int warmup, int repetitions, Func<Task> a, Func<Task> b)
    {
        for (var i = 0; i < warmup; i++)
        {
            await a().ConfigureAwait(false);
            await b().ConfigureAwait(false);
        }

        var ta = new List<double>(repetitions);
        var tb = new List<double>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            var sw = Stopwatch.StartNew();
            await a().ConfigureAwait(false);
            ta.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await b().ConfigureAwait(false);
            tb.Add(sw.Elapsed.TotalMilliseconds);
        }

        return (new Sample(ta), new Sample(tb));
    }
}
