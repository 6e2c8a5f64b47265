using System.Text.RegularExpressions;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>
/// Keeps the README true: every ```powershell block preceded by the marker comment <c>&lt;!-- runnable --&gt;</c>
/// is run, in order, in one runspace with the module imported and the repository root as the current location.
/// A block that writes an error or throws fails the test.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void TheRunnableReadmeBlocksRunWithoutErrors()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var blocks = RunnableBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 2, "the README has fewer than two runnable blocks");

        using var ps = new ModuleRunspace();
        ps.Invoke("Set-Location -LiteralPath $args[0]", RepoPaths.Root);
        try
        {
            foreach (var block in blocks)
            {
                var r = ps.Invoke(block);
                Assert.True(
                    r.Terminating is null && r.Errors.Count == 0,
                    $"README block failed:\n{block}\n---\n{string.Join("\n", r.AllErrors.Select(e => e.ToString()))}");
            }

            // The drill in the README reaches a report with the seed's before/after revisions and real evidence.
            var path = ps.Invoke("$path").Output.Single().ToString();
            var report = File.ReadAllText(path);
            Assert.Contains("| 43 (41) |", report);
            Assert.Contains("| 19 (17) |", report);
            Assert.Contains("✓ PASSED", report);
            Assert.DoesNotContain("| never |", report);
            Assert.DoesNotContain("do-not-print", report);
            File.Delete(path);

            // The one-command drill: succeeded, its objective met, and its Markdown report has the same table.
            var drill = ps.Invoke("$drill").Output.Single();
            Assert.Equal("Succeeded", drill.Properties["Outcome"].Value.ToString());
            var md = ((System.Collections.IEnumerable)drill.Properties["ReportFiles"].Value).Cast<object>().Select(o => o.ToString()!).Single(f => f.EndsWith(".md", StringComparison.Ordinal));
            var drillReport = File.ReadAllText(md);
            Assert.Contains("| 43 (41) |", drillReport);
            Assert.Contains("| 19 (17) |", drillReport);
            Assert.DoesNotContain("do-not-print", drillReport);
        }
        finally
        {
            ps.Invoke("Get-DrillSandbox | Stop-DrillSandbox");
        }
    }

    [GeneratedRegex(@"<!-- runnable -->\s*```powershell\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex RunnableBlock();
}
