using System.Globalization;
using System.Text;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The report as GitHub-flavoured Markdown, laid out like a hand-written drill report: overview, before/after
/// table, procedure with the exact commands in fenced blocks, validation evidence, timings against targets with
/// ✓/✗, observations, follow-ups, artifacts and the transcript. Every piece of user text is escaped, so a release
/// name or description cannot inject markup, links or HTML.
/// </summary>
public static class MarkdownReportRenderer
{
    public static string Render(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(report.Title)).Append('\n').Append('\n');
        if (report.DryRun)
        {
            md.Append("> **⚠ DRY RUN** — this report describes a `-WhatIf` run. Nothing was changed in the cluster; ")
              .Append("commands are the ones that *would* run, and no recovery time was measured.\n\n");
        }

        md.Append("**Verdict:** ").Append(VerdictMark(report.Verdict)).Append(' ').Append(ReportText.VerdictWord(report.Verdict)).Append("\n\n");

        md.Append("## Overview\n\n");
        Field(md, "Window", ReportText.Window(report.WindowStart, report.WindowEnd), code: false);
        Field(md, "Environment", report.Environment, code: true);
        if (report.Context is { } ctx)
        {
            var text = Code(ctx.Name) + (ctx.Server is { Length: > 0 } s ? " (" + Escape(s) + ")" : string.Empty)
                + (ctx.Namespace is { Length: > 0 } ns ? ", namespace " + Code(ns) : string.Empty);
            md.Append("- **Context:** ").Append(text).Append('\n');
        }

        Field(md, "Operator", report.Operator, code: false);
        if (report.Releases.Count > 0)
        {
            md.Append("- **Scope:** Helm release").Append(report.Releases.Count > 1 ? "s " : " ")
              .Append(string.Join(", ", report.Releases.Select(Code))).Append('\n');
        }

        Field(md, "Objective", report.Summary, code: false);
        Field(md, "Tool", report.ToolVersion is null ? null : "RollbackDrill " + report.ToolVersion, code: false);
        Field(md, "Generated", ReportText.Human(report.GeneratedAt), code: false);
        md.Append('\n');

        if (report.Components.Count > 0)
        {
            md.Append("## Before/After State\n\n");
            md.Append("| Component | Helm Revision | Chart Version | App Version | Git Commit | Status |\n");
            md.Append("|-----------|---------------|---------------|-------------|------------|--------|\n");
            foreach (var c in OrderedComponents(report.Components))
            {
                Row(md,
                    Cell(c.Component) + " (" + (c.Phase == ReportPhase.Before ? "before" : "after") + ")",
                    ReportText.Revision(c.HelmRevision, c.RollbackOf),
                    Cell(c.ChartVersion),
                    Cell(c.AppVersion),
                    c.GitCommit is { Length: > 0 } g ? Code(g) : string.Empty,
                    Cell(c.Status));
            }

            if (report.Components.Any(c => c.RollbackOf is not null))
            {
                md.Append("\n*A revision shown as \"43 (41)\" is revision 43, written by the rollback to revision 41.*\n");
            }

            md.Append('\n');
        }

        if (report.Steps.Count > 0)
        {
            md.Append("## Procedure\n\n");
            var n = 0;
            foreach (var step in report.Steps)
            {
                md.Append("### ").Append((++n).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(Escape(step.Name)).Append("\n\n");
                if (step.Description is { Length: > 0 } d)
                {
                    md.Append(Escape(d)).Append("\n\n");
                }

                if (step.Command.Count > 0)
                {
                    Fenced(md, "bash", CommandLine.Format(step.Command));
                }

                var facts = new List<string>();
                if (step.StartedAt is { } st)
                {
                    facts.Add("started " + ReportText.Human(st));
                }

                if (step.EndedAt is { } en)
                {
                    facts.Add("ended " + ReportText.Human(en));
                }

                if (step.Duration is { } du)
                {
                    facts.Add("took " + ReportText.Duration(du));
                }

                if (step.Outcome is { Length: > 0 } o)
                {
                    facts.Add("outcome: **" + Escape(o) + "**");
                }

                if (facts.Count > 0)
                {
                    md.Append("- ").Append(string.Join("; ", facts)).Append("\n\n");
                }
            }
        }

        if (report.Probes.Count > 0)
        {
            md.Append("## Validation\n\n");
            md.Append("| Probe | Target | First Healthy | Checks | Failures | Last Status | Result |\n");
            md.Append("|-------|--------|---------------|--------|----------|-------------|--------|\n");
            foreach (var p in report.Probes)
            {
                Row(md,
                    Cell(p.Name),
                    Cell(p.Target),
                    p.FirstHealthy is { } f ? ReportText.Human(f) : "never",
                    p.Checks.ToString(CultureInfo.InvariantCulture),
                    p.Failures.ToString(CultureInfo.InvariantCulture),
                    Cell(p.LastStatus),
                    p.Healthy ? "✓ healthy" : "✗ unhealthy");
            }

            md.Append('\n');
        }

        if (report.Objectives.Count > 0 || report.Timings.Count > 0)
        {
            md.Append("## Timings vs Targets\n\n");
            if (report.Objectives.Count > 0)
            {
                md.Append("| Objective | Target | Measured | Resolution | Result |\n");
                md.Append("|-----------|--------|----------|------------|--------|\n");
                foreach (var o in report.Objectives)
                {
                    Row(md,
                        Cell(o.Name),
                        o.Target is { } t ? "≤ " + ReportText.Duration(t) : string.Empty,
                        o.Measured is { } m ? ReportText.Duration(m) : report.DryRun ? "not measured (dry run)" : "not measured",
                        o.Resolution is { } r ? "±" + ReportText.Duration(r) : string.Empty,
                        ReportText.Mark(o.Met) + (o.Met switch { true => " met", false => " breached", null => " not judged" }));
                }

                md.Append('\n');
                var described = report.Objectives.Where(o => o.Description is { Length: > 0 }).ToList();
                foreach (var o in described)
                {
                    md.Append("- ").Append(Code(o.Name)).Append(": ").Append(Escape(o.Description)).Append('\n');
                }

                if (described.Count > 0)
                {
                    md.Append('\n');
                }
            }

            if (report.Timings.Count > 0)
            {
                md.Append("| Timing | Started | Ended | Duration |\n");
                md.Append("|--------|---------|-------|----------|\n");
                foreach (var t in report.Timings)
                {
                    Row(md,
                        Cell(t.Name),
                        t.StartedAt is { } s ? ReportText.Human(s) : string.Empty,
                        t.EndedAt is { } e ? ReportText.Human(e) : string.Empty,
                        t.Duration is { } d ? ReportText.Duration(d) : string.Empty);
                }

                md.Append('\n');
            }
        }

        List(md, "Observations", report.Observations);
        List(md, "Follow-ups", report.FollowUps);
        List(md, "Artifacts", report.Artifacts);

        if (report.Transcript.Count > 0)
        {
            md.Append("## Transcript\n\n");
            var lines = report.Transcript.Select(t =>
                (t.Timestamp is { } ts ? ReportText.Iso(ts) + " " : string.Empty)
                + (t.Source is { Length: > 0 } src ? "[" + ReportText.OneLine(src) + "] " : string.Empty)
                + VisibleText(t.Text));
            Fenced(md, "text", string.Join('\n', lines));
        }

        md.Append("---\n*Generated by RollbackDrill").Append(report.ToolVersion is null ? string.Empty : " " + Escape(report.ToolVersion))
          .Append(" on ").Append(ReportText.Human(report.GeneratedAt)).Append(".*\n");
        return md.ToString();
    }

    /// <summary>
    /// Escapes user text for inline Markdown: CommonMark backslash escapes for the characters that start emphasis,
    /// code, links, HTML, tables and strikethrough, block markers at the start, and newlines flattened.
    /// </summary>
    public static string Escape(string? text)
    {
        var line = ReportText.OneLine(text);
        var sb = new StringBuilder(line.Length + 8);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var atStart = i == 0;
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&' or '!'
                || (atStart && c is '#' or '+' or '-' or '='))
            {
                sb.Append('\\');
            }

            sb.Append(c);

            // "1. text" or "1) text" at the start would become an ordered list.
            if (i + 1 < line.Length && line[i + 1] is '.' or ')' && (i + 2 == line.Length || line[i + 2] == ' ') && line[..(i + 1)].All(char.IsAsciiDigit))
            {
                sb.Append('\\');
            }
        }

        return sb.ToString();
    }

    private static string Cell(string? text) => Escape(text);

    /// <summary>Multi-line text for a fenced block: line breaks kept, other control characters (terminal escapes) replaced.</summary>
    private static string VisibleText(string text) =>
        string.Concat(text.Replace("\r\n", "\n", StringComparison.Ordinal).Select(c => c == '\n' || c == '\t' || !char.IsControl(c) ? c : '\uFFFD'));

    /// <summary>A code span whose delimiter is longer than any backtick run inside, with pipes escaped for tables.</summary>
    private static string Code(string text)
    {
        var line = ReportText.OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);
        if (line.Length == 0)
        {
            return string.Empty;
        }

        var fence = new string('`', LongestRun(line, '`') + 1);
        var pad = line.StartsWith('`') || line.EndsWith('`') ? " " : string.Empty;
        return fence + pad + line + pad + fence;
    }

    private static void Fenced(StringBuilder md, string info, string content)
    {
        var fence = new string('`', Math.Max(3, LongestRun(content, '`') + 1));
        md.Append(fence).Append(info).Append('\n').Append(content).Append('\n').Append(fence).Append("\n\n");
    }

    private static int LongestRun(string text, char c)
    {
        int best = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            best = Math.Max(best, run);
        }

        return best;
    }

    private static void Field(StringBuilder md, string label, string? value, bool code)
    {
        if (value is { Length: > 0 })
        {
            md.Append("- **").Append(label).Append(":** ").Append(code ? Code(value) : Escape(value)).Append('\n');
        }
    }

    private static void Row(StringBuilder md, params string[] cells) =>
        md.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");

    private static void List(StringBuilder md, string heading, IList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        md.Append("## ").Append(heading).Append("\n\n");
        foreach (var item in items)
        {
            md.Append("- ").Append(Escape(item)).Append('\n');
        }

        md.Append('\n');
    }

    private static string VerdictMark(ReportVerdict verdict) => verdict switch
    {
        ReportVerdict.Passed => "✓",
        ReportVerdict.Failed => "✗",
        ReportVerdict.DryRun => "⚠",
        _ => "–",
    };

    /// <summary>Rows grouped by component in first-seen order, before then after (the seed's table layout).</summary>
    internal static IEnumerable<ReportComponentState> OrderedComponents(IEnumerable<ReportComponentState> rows)
    {
        var list = rows.ToList();
        var order = list.Select(r => r.Component).Distinct(StringComparer.Ordinal).ToList();
        return list.OrderBy(r => order.IndexOf(r.Component)).ThenBy(r => r.Phase);
    }
}
