using System.Globalization;
using System.Text;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The report as one self-contained HTML file: inline CSS (screen and print), an inline SVG timeline, no scripts,
/// no external requests (a Content-Security-Policy forbids them), and every piece of user text HTML-encoded.
/// </summary>
public static class HtmlReportRenderer
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1b1f24;line-height:1.45}
        h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}code,pre{font-family:ui-monospace,"Cascadia Code",Menlo,Consolas,monospace;font-size:.9em}
        pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.6rem;white-space:pre-wrap;word-break:break-all}
        .banner{border:3px solid #bf8700;background:#fff8c5;padding:.8rem 1rem;font-weight:600;margin:1rem 0}
        .verdict{display:inline-block;padding:.2rem .7rem;border-radius:4px;font-weight:700;color:#fff}
        .v-passed{background:#1a7f37}.v-failed{background:#cf222e}.v-dryrun{background:#9a6700}.v-inconclusive{background:#57606a}
        .ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}.na{color:#57606a}
        dl.overview{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.overview dt{font-weight:600}dl.overview dd{margin:0}
        svg{max-width:100%;height:auto;border:1px solid #d0d7de;background:#fff}
        footer{margin-top:2rem;color:#57606a;font-size:.85em}
        @media print{body{margin:0;max-width:none}.banner{border-width:2px}h2{break-after:avoid}tr,pre,svg{break-inside:avoid}
        .verdict{color:#000;border:2px solid #000;background:none!important}a{color:inherit;text-decoration:none}}
        """;

    public static string Render(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // No scripts, no fetches: only inline styles and data: images may load.
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<meta name=\"generator\" content=\"RollbackDrill").Append(report.ToolVersion is null ? string.Empty : " " + E(report.ToolVersion)).Append("\">\n");
        h.Append("<title>").Append(E(report.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>").Append(E(report.Title)).Append("</h1>\n");
        if (report.DryRun)
        {
            h.Append("<div class=\"banner\" id=\"dry-run\" role=\"alert\">⚠ DRY RUN — this report describes a -WhatIf run. Nothing was changed in the cluster; ")
             .Append("the commands are the ones that would run, and no recovery time was measured.</div>\n");
        }

        var verdict = report.Verdict;
        h.Append("<p>Verdict: <span id=\"verdict\" class=\"verdict v-").Append(verdict.ToString().ToLowerInvariant()).Append("\">")
         .Append(E(ReportText.VerdictWord(verdict))).Append("</span></p>\n");

        h.Append("<h2>Overview</h2>\n<dl class=\"overview\">\n");
        Dl(h, "Window", ReportText.Window(report.WindowStart, report.WindowEnd));
        Dl(h, "Environment", report.Environment);
        if (report.Context is { } c)
        {
            Dl(h, "Context", c.Name + (c.Server is { Length: > 0 } s ? " (" + s + ")" : string.Empty) + (c.Namespace is { Length: > 0 } ns ? ", namespace " + ns : string.Empty));
        }

        Dl(h, "Operator", report.Operator);
        Dl(h, "Scope", report.Releases.Count > 0 ? string.Join(", ", report.Releases) : null);
        Dl(h, "Objective", report.Summary);
        Dl(h, "Tool", report.ToolVersion is null ? null : "RollbackDrill " + report.ToolVersion);
        Dl(h, "Generated", ReportText.Human(report.GeneratedAt));
        h.Append("</dl>\n");

        var timeline = TimelineSvg(report);
        if (timeline.Length > 0)
        {
            h.Append("<h2>Timeline</h2>\n").Append(timeline);
        }

        if (report.Components.Count > 0)
        {
            h.Append("<h2>Before/After State</h2>\n<table id=\"before-after\">\n<thead><tr><th>Component</th><th>Phase</th><th>Helm Revision</th><th>Chart Version</th><th>App Version</th><th>Git Commit</th><th>Status</th></tr></thead>\n<tbody>\n");
            foreach (var s in MarkdownReportRenderer.OrderedComponents(report.Components))
            {
                h.Append("<tr class=\"row-").Append(s.Phase == ReportPhase.Before ? "before" : "after").Append("\">");
                Td(h, s.Component);
                Td(h, s.Phase == ReportPhase.Before ? "before" : "after");
                Td(h, ReportText.Revision(s.HelmRevision, s.RollbackOf));
                Td(h, s.ChartVersion);
                Td(h, s.AppVersion);
                h.Append("<td>").Append(s.GitCommit is { Length: > 0 } g ? "<code>" + E(g) + "</code>" : string.Empty).Append("</td>");
                Td(h, s.Status);
                h.Append("</tr>\n");
            }

            h.Append("</tbody>\n</table>\n");
        }

        if (report.Steps.Count > 0)
        {
            h.Append("<h2>Procedure</h2>\n<ol id=\"procedure\">\n");
            foreach (var s in report.Steps)
            {
                h.Append("<li><strong>").Append(E(s.Name)).Append("</strong>");
                if (s.Outcome is { Length: > 0 } o)
                {
                    var cls = o.Equals("Failed", StringComparison.OrdinalIgnoreCase) ? "bad" : o.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) ? "ok" : "na";
                    h.Append(" — <span class=\"").Append(cls).Append("\">").Append(E(o)).Append("</span>");
                }

                if (s.Description is { Length: > 0 } d)
                {
                    h.Append("<p>").Append(E(d)).Append("</p>");
                }

                if (s.Command.Count > 0)
                {
                    h.Append("<pre><code>").Append(E(CommandLine.Format(s.Command))).Append("</code></pre>");
                }

                var times = new List<string>();
                if (s.StartedAt is { } st)
                {
                    times.Add("started " + ReportText.Human(st));
                }

                if (s.EndedAt is { } en)
                {
                    times.Add("ended " + ReportText.Human(en));
                }

                if (s.Duration is { } du)
                {
                    times.Add("took " + ReportText.Duration(du));
                }

                if (times.Count > 0)
                {
                    h.Append("<p class=\"na\">").Append(E(string.Join("; ", times))).Append("</p>");
                }

                h.Append("</li>\n");
            }

            h.Append("</ol>\n");
        }

        if (report.Probes.Count > 0)
        {
            h.Append("<h2>Validation</h2>\n<table id=\"validation\">\n<thead><tr><th>Probe</th><th>Target</th><th>First Healthy</th><th>Checks</th><th>Failures</th><th>Last Status</th><th>Result</th></tr></thead>\n<tbody>\n");
            foreach (var p in report.Probes)
            {
                h.Append("<tr>");
                Td(h, p.Name);
                Td(h, p.Target);
                Td(h, p.FirstHealthy is { } f ? ReportText.Human(f) : "never");
                Td(h, p.Checks.ToString(CultureInfo.InvariantCulture));
                Td(h, p.Failures.ToString(CultureInfo.InvariantCulture));
                Td(h, p.LastStatus);
                h.Append(p.Healthy ? "<td class=\"ok\">✓ healthy</td>" : "<td class=\"bad\">✗ unhealthy</td>");
                h.Append("</tr>\n");
            }

            h.Append("</tbody>\n</table>\n");
        }

        if (report.Objectives.Count > 0 || report.Timings.Count > 0)
        {
            h.Append("<h2>Timings vs Targets</h2>\n");
            if (report.Objectives.Count > 0)
            {
                h.Append("<table id=\"objectives\">\n<thead><tr><th>Objective</th><th>Target</th><th>Measured</th><th>Resolution</th><th>Result</th></tr></thead>\n<tbody>\n");
                foreach (var o in report.Objectives)
                {
                    h.Append("<tr>");
                    Td(h, o.Name + (o.Description is { Length: > 0 } d ? " — " + d : string.Empty));
                    Td(h, o.Target is { } t ? "≤ " + ReportText.Duration(t) : null);
                    Td(h, o.Measured is { } m ? ReportText.Duration(m) : report.DryRun ? "not measured (dry run)" : "not measured");
                    Td(h, o.Resolution is { } r ? "±" + ReportText.Duration(r) : null);
                    h.Append(o.Met switch
                    {
                        true => "<td class=\"ok\">✓ met</td>",
                        false => "<td class=\"bad\">✗ breached</td>",
                        null => "<td class=\"na\">– not judged</td>",
                    });
                    h.Append("</tr>\n");
                }

                h.Append("</tbody>\n</table>\n");
            }

            if (report.Timings.Count > 0)
            {
                h.Append("<table id=\"timings\">\n<thead><tr><th>Timing</th><th>Started</th><th>Ended</th><th>Duration</th></tr></thead>\n<tbody>\n");
                foreach (var t in report.Timings)
                {
                    h.Append("<tr>");
                    Td(h, t.Name);
                    Td(h, t.StartedAt is { } s ? ReportText.Human(s) : null);
                    Td(h, t.EndedAt is { } e ? ReportText.Human(e) : null);
                    Td(h, t.Duration is { } d ? ReportText.Duration(d) : null);
                    h.Append("</tr>\n");
                }

                h.Append("</tbody>\n</table>\n");
            }
        }

        List(h, "Observations", "observations", report.Observations);
        List(h, "Follow-ups", "follow-ups", report.FollowUps);
        List(h, "Artifacts", "artifacts", report.Artifacts);
        if (report.Transcript.Count > 0)
        {
            h.Append("<h2>Transcript</h2>\n<pre id=\"transcript\">");
            foreach (var t in report.Transcript)
            {
                h.Append(E((t.Timestamp is { } ts ? ReportText.Iso(ts) + " " : string.Empty) + (t.Source is { Length: > 0 } src ? "[" + src + "] " : string.Empty) + t.Text)).Append('\n');
            }

            h.Append("</pre>\n");
        }

        h.Append("<footer>Generated by RollbackDrill").Append(report.ToolVersion is null ? string.Empty : " " + E(report.ToolVersion))
         .Append(" on ").Append(E(ReportText.Human(report.GeneratedAt))).Append(".</footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>
    /// A timeline picture: one bar per timing and step across the drill window, a marker where each probe first
    /// became healthy, and a dashed line per objective at window start + target. Empty when nothing has a time.
    /// </summary>
    internal static string TimelineSvg(DrillReport report)
    {
        var bars = report.Timings.Where(t => t.StartedAt is not null && t.EndedAt is not null).Select(t => (Label: t.Name, Start: t.StartedAt!.Value, End: t.EndedAt!.Value, Failed: false))
            .Concat(report.Steps.Where(s => s.StartedAt is not null && s.EndedAt is not null).Select(s => (Label: s.Name, Start: s.StartedAt!.Value, End: s.EndedAt!.Value,
                Failed: string.Equals(s.Outcome, "Failed", StringComparison.OrdinalIgnoreCase))))
            .ToList();
        var probes = report.Probes.Where(p => p.FirstHealthy is not null).ToList();
        var points = bars.SelectMany(b => new[] { b.Start, b.End }).Concat(probes.Select(p => p.FirstHealthy!.Value)).ToList();
        if (report.WindowStart is { } ws)
        {
            points.Add(ws);
        }

        if (report.WindowEnd is { } we)
        {
            points.Add(we);
        }

        if (bars.Count == 0 && probes.Count == 0)
        {
            return string.Empty;
        }

        var t0 = points.Min();
        // The RTO clock starts when the rollback was issued: the first step's start, else the first timing's, else the window's.
        var clock = report.Steps.Select(x => x.StartedAt).Concat(report.Timings.Select(x => x.StartedAt)).Where(x => x is not null).Min() ?? report.WindowStart ?? t0;
        var objectiveLines = report.Objectives.Where(o => o.Target is not null).Select(o => (o.Name, At: clock + o.Target!.Value)).ToList();
        var t1 = points.Concat(objectiveLines.Select(o => o.At)).Max();
        var span = Math.Max((t1 - t0).TotalSeconds, 1);
        const int Left = 230, Width = 640, Row = 24, Top = 30;
        var rows = bars.Count + probes.Count;
        var height = Top + (rows * Row) + 30;
        double X(DateTimeOffset t) => Left + ((t - t0).TotalSeconds / span * Width);
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var s = new StringBuilder();
        s.Append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").Append(Left + Width + 20).Append(' ').Append(height)
         .Append("\" width=\"").Append(Left + Width + 20).Append("\" height=\"").Append(height).Append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.Append("<title>Drill timeline</title>\n");
        s.Append("<text x=\"").Append(Left).Append("\" y=\"16\" fill=\"#57606a\">").Append(E(ReportText.Human(t0))).Append("</text>\n");
        s.Append("<text x=\"").Append(Left + Width).Append("\" y=\"16\" text-anchor=\"end\" fill=\"#57606a\">+").Append(E(ReportText.Duration(t1 - t0))).Append("</text>\n");
        var y = Top;
        foreach (var b in bars)
        {
            var x0 = X(b.Start);
            var w = Math.Max(X(b.End) - x0, 2);
            s.Append("<text x=\"").Append(Left - 8).Append("\" y=\"").Append(y + 15).Append("\" text-anchor=\"end\">").Append(E(Trim(b.Label))).Append("</text>");
            s.Append("<rect class=\"bar\" x=\"").Append(N(x0)).Append("\" y=\"").Append(y + 4).Append("\" width=\"").Append(N(w)).Append("\" height=\"16\" fill=\"")
             .Append(b.Failed ? "#cf222e" : "#0969da").Append("\"><title>").Append(E(b.Label + ": " + ReportText.Duration(b.End - b.Start))).Append("</title></rect>\n");
            y += Row;
        }

        foreach (var p in probes)
        {
            var x = X(p.FirstHealthy!.Value);
            s.Append("<text x=\"").Append(Left - 8).Append("\" y=\"").Append(y + 15).Append("\" text-anchor=\"end\">").Append(E(Trim("probe " + p.Name))).Append("</text>");
            s.Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(y + 12).Append("\" x2=\"").Append(N(x)).Append("\" y2=\"").Append(y + 12).Append("\" stroke=\"#cf222e\" stroke-width=\"3\"/>");
            s.Append("<circle class=\"probe\" cx=\"").Append(N(x)).Append("\" cy=\"").Append(y + 12).Append("\" r=\"6\" fill=\"").Append(p.Healthy ? "#1a7f37" : "#cf222e")
             .Append("\"><title>").Append(E(p.Name + " healthy at " + ReportText.Human(p.FirstHealthy!.Value))).Append("</title></circle>\n");
            y += Row;
        }

        foreach (var (name, at) in objectiveLines)
        {
            var x = N(X(at));
            s.Append("<line class=\"objective\" x1=\"").Append(x).Append("\" y1=\"").Append(Top - 4).Append("\" x2=\"").Append(x).Append("\" y2=\"").Append(y + 4)
             .Append("\" stroke=\"#9a6700\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
            s.Append("<text x=\"").Append(x).Append("\" y=\"").Append(y + 20).Append("\" text-anchor=\"middle\" fill=\"#9a6700\">").Append(E(Trim("target: " + name))).Append("</text>\n");
        }

        s.Append("</svg>\n");
        return s.ToString();
    }

    private static string Trim(string text) => text.Length > 34 ? text[..33] + "…" : text;

    /// <summary>HTML-encodes the five significant characters; everything else stays readable UTF-8 (the file declares its charset).</summary>
    internal static string E(string? text)
    {
        var sb = new StringBuilder((text?.Length ?? 0) + 8);
        foreach (var c in text ?? string.Empty)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ when char.IsControl(c) && c is not '\n' and not '\t' => sb.Append('\uFFFD'),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    private static void Td(StringBuilder h, string? text) => h.Append("<td>").Append(E(text)).Append("</td>");

    private static void Dl(StringBuilder h, string label, string? value)
    {
        if (value is { Length: > 0 })
        {
            h.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
        }
    }

    private static void List(StringBuilder h, string heading, string id, IList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        h.Append("<h2>").Append(E(heading)).Append("</h2>\n<ul id=\"").Append(id).Append("\">\n");
        foreach (var item in items)
        {
            h.Append("<li>").Append(E(item)).Append("</li>\n");
        }

        h.Append("</ul>\n");
    }
}
