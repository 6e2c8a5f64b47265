using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RollbackDrill.Bench;

/// <summary>Issue 4's targets: Get-ReleaseRevision -AllNamespaces vs the kubectl list, -Last 1 vs all 200 decodes, peak memory.</summary>
internal static partial class HistoryBenchmarks
{
    private const string AllScript = "@(Get-ReleaseRevision -AllNamespaces -Kubeconfig $args[0] -Context $args[1]).Count";

    /// <summary>
    /// Through a PowerShell runspace that imported the built module (the user's path: binding, engine, output objects),
    /// interleaved with the kubectl list on the same sandbox. The cmdlet decodes every record; kubectl only lists.
    /// </summary>
    public static async Task AllNamespacesAsync(Report report, Settings s, BenchSandbox sandbox, Kubectl kubectlPath, BenchRunspace rs)
    {
        var expected = s.Releases * s.Revisions;
        var kubectl = new Kubectl(kubectlPath.Path, sandbox.Kubeconfig);
        var (cmdlet, list) = await Harness.InterleavedAsync(2, s.ProcessRepetitions,
            () =>
            {
                var n = Convert.ToInt32(rs.InvokeChecked(AllScript, sandbox.Kubeconfig, BenchSandbox.ContextName)[0].BaseObject, CultureInfo.InvariantCulture);
                return n == expected ? Task.CompletedTask : throw new InvalidOperationException($"Get-ReleaseRevision returned {n} revisions, expected {expected}");
            },
            async () =>
            {
                var n = await kubectl.ListHelmSecretsAsync().ConfigureAwait(false);
                if (n != expected)
                {
                    throw new InvalidOperationException($"kubectl listed {n} Secrets, expected {expected}");
                }
            }).ConfigureAwait(false);
        var ratio = cmdlet.Median / list.Median;
        report.Add(new Row("history", Inv($"`Get-ReleaseRevision -AllNamespaces` ({expected} revisions decoded, runspace)"),
            cmdlet.Describe(), "`kubectl get secrets -A -l owner=helm -o json` (list only): " + list.Describe(),
            Report.Ratio(cmdlet.Median, list.Median) + Inv($" (p95 {cmdlet.P95 / list.P95:0.00}×)"), "≤ 1.2×", Report.Verdict(ratio <= 1.2)));
    }

    /// <summary>-Last 1 on a 200-revision release vs all 200: time both, count decodes from the service's own progress ("Decoded n of N").</summary>
    public static async Task LastOneAsync(Report report, Settings s, BenchSandbox deep, BenchRunspace rs)
    {
        const string script = "Get-ReleaseRevision -Name $args[0] -Namespace $args[1] -Kubeconfig $args[2] -Context $args[3]";
        object?[] args = ["deep000", "deep-ns00", deep.Kubeconfig, BenchSandbox.ContextName];
        var lastDecodes = 0;
        var allDecodes = 0;
        var (last, all) = await Harness.InterleavedAsync(2, s.ProcessRepetitions,
            () =>
            {
                var o = rs.Invoke(script + " -Last 1", args);
                lastDecodes = Decodes(o, 1);
                return Task.CompletedTask;
            },
            () =>
            {
                var o = rs.Invoke(script, args);
                allDecodes = Decodes(o, s.DeepRevisions);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        report.Add(new Row("history", Inv($"`-Last 1` on a {s.DeepRevisions}-revision release: decodes"),
            Inv($"{lastDecodes} decode(s)"), Inv($"all revisions: {allDecodes} decodes"),
            Report.Ratio(lastDecodes, allDecodes), "decode only the selected (1)", Report.Verdict(lastDecodes == 1)));
        report.Add(new Row("history", Inv($"`-Last 1` on a {s.DeepRevisions}-revision release: time"),
            last.Describe(), Inv($"all {s.DeepRevisions} decoded: ") + all.Describe(),
            Report.Ratio(last.Median, all.Median), "faster than decoding all", Report.Verdict(last.Median < all.Median)));
    }

    /// <summary>
    /// Peak memory, client against client: a child process (this executable, --child-history) hosting a runspace that
    /// imports the module and reads all revisions once, vs kubectl's list under /usr/bin/time (max RSS).
    /// </summary>
    public static async Task PeakMemoryAsync(Report report, Settings s, BenchSandbox sandbox, Kubectl kubectlPath)
    {
        var (self, prefix) = SelfProcess.Command();
        var child = await Proc.RunCheckedAsync(self, [.. prefix, "--child-history", sandbox.Kubeconfig, BenchSandbox.ContextName], TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        var json = child.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var peakAfterImport = root.GetProperty("peakAfterImportMiB").GetDouble();
        var peak = root.GetProperty("peakMiB").GetDouble();
        var allocated = root.GetProperty("allocatedMiB").GetDouble();

        var timeBin = "/usr/bin/time";
        var k = await Proc.RunCheckedAsync(timeBin, ["-f", "maxrss=%M", kubectlPath.Path, "--kubeconfig", sandbox.Kubeconfig, "get", "secrets", "-A", "-l", "owner=helm", "-o", "json"],
            TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        var m = MaxRss().Match(k.StdErr);
        var kubectlMiB = m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1024.0 : double.NaN;
        report.Add(new Row("history", Inv($"peak memory: Get-ReleaseRevision -AllNamespaces ({s.Releases * s.Revisions} revisions), process peak working set"),
            Inv($"{peak:0} MiB peak ({peak - peakAfterImport:+0;-0;0} MiB over the {peakAfterImport:0} MiB of runtime + PowerShell + imported module); {allocated:0} MiB GC-allocated by the call"),
            Inv($"kubectl list max RSS: {kubectlMiB:0} MiB"),
            Report.Ratio(peak - peakAfterImport, kubectlMiB) + " (increment ÷ kubectl)", "report (no target)", "reported"));
    }

    /// <summary>Child mode: one process, one runspace, one read of all revisions; prints peak working set and GC-allocated bytes.</summary>
    public static int RunChild(string kubeconfig, string context)
    {
        using var rs = new BenchRunspace();
        ImportWorkaround.Import(rs, RepoPaths.Manifest);
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        self.Refresh();
        var peakAfterImport = self.PeakWorkingSet64;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var n = rs.InvokeChecked(AllScript, kubeconfig, context)[0];
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        self.Refresh();
        const double MiB = 1024 * 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"revisions\":{n},\"peakAfterImportMiB\":{peakAfterImport / MiB:0.0},\"peakMiB\":{self.PeakWorkingSet64 / MiB:0.0},\"allocatedMiB\":{allocated / MiB:0.0}}}"));
        return 0;
    }

    private static int Decodes(BenchRunspace.Outcome o, int expectedOutput)
    {
        if (o.Errors.Count > 0 || o.Output.Count != expectedOutput)
        {
            throw new InvalidOperationException($"Get-ReleaseRevision returned {o.Output.Count} objects (expected {expectedOutput}) and {o.Errors.Count} errors");
        }

        var max = 0;
        foreach (var p in o.Progress)
        {
            var m = DecodedOf().Match(p.StatusDescription ?? string.Empty);
            if (m.Success)
            {
                max = Math.Max(max, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return max > 0 ? max : throw new InvalidOperationException("no 'Decoded n of N' progress record: the decode count cannot be read");
    }

    [GeneratedRegex(@"Decoded \d+ of (\d+) release records")]
    private static partial Regex DecodedOf();

    [GeneratedRegex(@"maxrss=(\d+)")]
    private static partial Regex MaxRss();

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
}
