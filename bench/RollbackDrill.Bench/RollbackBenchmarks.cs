using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace RollbackDrill.Bench;

/// <summary>
/// Issue 5: 20 releases rolled back in parallel vs 1, through Invoke-Rollback in a runspace with the sandbox executor
/// (helm rollback emulated by the sandbox; fixed readyAfter, so the rollout time is the same for every release).
/// </summary>
internal static class RollbackBenchmarks
{
    private const string Script =
        "@(Invoke-Rollback -Name $args[0] -Namespace $args[1] -Executor Sandbox -Kubeconfig $args[2] -Context $args[3] -ThrottleLimit $args[4] -Confirm:$false)";

    public static async Task ParallelAsync(Report report, Settings s, BenchRunspace rs)
    {
        var text = Scenarios.Releases("rollback", s.ParallelReleases, 3, 1, readyAfter: "1s", prefix: "rb");
        await using var sandbox = await BenchSandbox.StartAsync(text, s.WorkDir, "rollback").ConfigureAwait(false);
        var all = Enumerable.Range(0, s.ParallelReleases).Select(i => string.Create(CultureInfo.InvariantCulture, $"rb{i:000}")).ToArray();
        var one = new[] { all[0] };
        var parallel = s.ParallelReleases;
        var (single, many) = await Harness.InterleavedAsync(1, s.RollbackRepetitions,
            () => Run(rs, one, sandbox, 1),
            () => Run(rs, all, sandbox, parallel)).ConfigureAwait(false);
        var ratio = many.Median / single.Median;
        report.Add(new Row("rollback", string.Create(CultureInfo.InvariantCulture, $"`Invoke-Rollback` {parallel} releases in parallel (-ThrottleLimit {parallel}) vs 1; readyAfter 1 s"),
            string.Create(CultureInfo.InvariantCulture, $"{parallel} releases: ") + many.Describe(), "1 release: " + single.Describe(),
            Report.Ratio(many.Median, single.Median), "≤ 1.2×", Report.Verdict(ratio <= 1.2)));
    }

    private static Task Run(BenchRunspace rs, string[] names, BenchSandbox sandbox, int throttle)
    {
        var results = rs.InvokeChecked(Script, names, "rb-ns00", sandbox.Kubeconfig, BenchSandbox.ContextName, throttle);
        var failed = results.Where(r => !(bool)((PSObject)r).Properties["Succeeded"].Value).ToList();
        if (results.Count != names.Length || failed.Count > 0)
        {
            throw new InvalidOperationException($"Invoke-Rollback returned {results.Count} results for {names.Length} releases; failed: {string.Join("; ", failed.Select(f => f.ToString()))}");
        }

        return Task.CompletedTask;
    }
}
