using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class MarkdownReportRendererTests
{
    [Fact]
    public void FollowsTheSeedReportLayout()
    {
        var md = MarkdownReportRenderer.Render(ReportSamples.Videokit());
        var headings = md.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["## Overview", "## Before/After State", "## Procedure", "## Validation", "## Timings vs Targets", "## Observations", "## Follow-ups", "## Artifacts", "## Transcript"], headings);
        Assert.StartsWith("# Rollback Drill Report (T18d + T19a)\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Window:** 2024-11-18 09:00:00–09:30:00 UTC", md, StringComparison.Ordinal);
        Assert.Contains("- **Environment:** `prod-eu-west-1`", md, StringComparison.Ordinal);
        Assert.Contains("- **Context:** `prod-eu-west-1-admin` (https://10.0.0.1:6443), namespace `videokit`", md, StringComparison.Ordinal);
        Assert.Contains("- **Scope:** Helm releases `videokit/videokit-api`, `videokit/videokit-worker`", md, StringComparison.Ordinal);
        Assert.Contains("**Verdict:** ✓ PASSED", md, StringComparison.Ordinal);
        Assert.DoesNotContain("DRY RUN", md, StringComparison.Ordinal);
    }

    [Fact]
    public void BeforeAfterTableHasSeedStyleRowsWithTheRestoredRevision()
    {
        var lines = MarkdownReportRenderer.Render(ReportSamples.Videokit()).Split('\n');
        var table = lines.SkipWhile(l => l != "## Before/After State").Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal("| Component | Helm Revision | Chart Version | App Version | Git Commit | Status |", table[0]);
        Assert.Equal(6, table.Count);
        Assert.Equal("| API (before) | 42 | videokit-0.1.0 | 1.0.0 | `03d5aeb0` | Healthy (baseline) |", table[2]);
        Assert.Equal("| API (after) | 43 (41) | videokit-0.1.0 | 1.0.0 | `44f1639` | Healthy (/readyz=200, pods ready) |", table[3]);
        Assert.StartsWith("| Worker (before) | 18 |", table[4], StringComparison.Ordinal);
        Assert.StartsWith("| Worker (after) | 19 (17) |", table[5], StringComparison.Ordinal);
    }

    [Fact]
    public void ProcedureShowsTheExactCommandInAFencedBlockWithTimes()
    {
        var md = MarkdownReportRenderer.Render(ReportSamples.Videokit());
        Assert.Contains(
            "### 1. Execute rollback\n\nRoll back both releases with the validated plan.\n\n```bash\n" +
            "helm rollback videokit-api 41 --namespace videokit --kube-context prod-eu-west-1-admin --wait --timeout 10m\n```\n",
            md,
            StringComparison.Ordinal);
        Assert.Contains("- started 2024-11-18 09:05:00 UTC; ended 2024-11-18 09:09:12 UTC; took 4m 12s; outcome: **Succeeded**", md, StringComparison.Ordinal);
    }

    [Fact]
    public void TimingsShowTicksAndCrossesAgainstTargets()
    {
        var passed = MarkdownReportRenderer.Render(ReportSamples.Videokit(canaryMet: true));
        Assert.Contains("| Canary | ≤ 5m 00s | 4m 55s | ±5s | ✓ met |", passed, StringComparison.Ordinal);
        Assert.Contains("| Service restored | ≤ 10m 00s | 4m 12s | ±1s | ✓ met |", passed, StringComparison.Ordinal);

        var failed = MarkdownReportRenderer.Render(ReportSamples.Videokit(canaryMet: false));
        Assert.Contains("| Canary | ≤ 5m 00s | 5m 10s | ±5s | ✗ breached |", failed, StringComparison.Ordinal);
        Assert.Contains("**Verdict:** ✗ FAILED", failed, StringComparison.Ordinal);
    }

    [Fact]
    public void DryRunIsAnnouncedAtTheTop()
    {
        var r = ReportSamples.Videokit();
        r.DryRun = true;
        var md = MarkdownReportRenderer.Render(r);
        var banner = md.IndexOf("**⚠ DRY RUN**", StringComparison.Ordinal);
        Assert.InRange(banner, 1, md.IndexOf("## Overview", StringComparison.Ordinal));
        Assert.Contains("**Verdict:** ⚠ DRY RUN", md, StringComparison.Ordinal);
    }

    [Fact]
    public void UserTextCannotInjectMarkupHtmlOrTableCells()
    {
        var r = new DrillReport { Title = "# <img src=x onerror=alert(1)>", GeneratedAt = ReportSamples.Start };
        r.Components.Add(new ReportComponentState { Component = "evil|<script>alert(1)</script>", Status = "a | b *bold* [link](http://x) `code`", HelmRevision = 1 });
        r.Observations.Add("- not a nested item\n## not a heading");
        r.Observations.Add("1. not a list");
        r.Steps.Add(new ReportStep { Name = "s", Command = ["echo", "```\n# inside"] });
        var md = MarkdownReportRenderer.Render(r);

        // No unescaped angle bracket anywhere outside the code fence: no HTML reaches a Markdown viewer.
        var prose = md[..md.IndexOf("```", StringComparison.Ordinal)];
        Assert.DoesNotMatch(@"(?<!\\)<", prose);
        Assert.Contains("# \\# \\<img src=x onerror=alert(1)\\>\n", md, StringComparison.Ordinal);
        var row = md.Split('\n').Single(l => l.StartsWith("| evil", StringComparison.Ordinal));
        // Six columns: seven unescaped pipes, whatever the cells contain.
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|"));
        Assert.Contains("\\*bold\\*", row, StringComparison.Ordinal);
        Assert.Contains("\\[link\\](http://x)", row, StringComparison.Ordinal);
        Assert.Contains("- \\- not a nested item ## not a heading\n", md, StringComparison.Ordinal);
        Assert.Contains("- 1\\. not a list\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\n## not a heading", md, StringComparison.Ordinal);
        // The argv holds a newline and backticks: it stays one quoted line inside the fence.
        Assert.Contains("```bash\necho $'```\\n# inside'\n```", md, StringComparison.Ordinal);
    }

    [Fact]
    public void FenceIsLongerThanAnyBacktickRunInTheCommand()
    {
        var r = new DrillReport { GeneratedAt = ReportSamples.Start };
        r.Steps.Add(new ReportStep { Name = "s", Command = ["echo", "````"] });
        var md = MarkdownReportRenderer.Render(r);
        Assert.Contains("`````bash\necho '````'\n`````", md, StringComparison.Ordinal);
    }
}
