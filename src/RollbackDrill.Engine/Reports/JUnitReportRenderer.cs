using System.Globalization;
using System.Text;
using System.Xml;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The report as JUnit XML, the shape CI systems read (Jenkins, GitLab, Azure Pipelines, GitHub test reporters):
/// testsuites / one testsuite per drill / a testcase per objective, probe and step plus one for the overall
/// verdict, with failure elements carrying a message. Counts are computed from the cases; time is in seconds.
/// A dry run reports every case as skipped.
/// </summary>
public static class JUnitReportRenderer
{
    public static string Render(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cases = Cases(report).ToList();
        var tests = cases.Count.ToString(CultureInfo.InvariantCulture);
        var failures = cases.Count(c => c.Failure is not null).ToString(CultureInfo.InvariantCulture);
        var skipped = cases.Count(c => c.Skipped is not null).ToString(CultureInfo.InvariantCulture);
        var suiteTime = report.WindowStart is { } ws && report.WindowEnd is { } we && we >= ws
            ? ReportText.SecondsText(we - ws)
            : ReportText.SecondsText(TimeSpan.FromSeconds(cases.Sum(c => c.Time?.TotalSeconds ?? 0)));

        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n", OmitXmlDeclaration = true };
        using (var x = XmlWriter.Create(sb, settings))
        {
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", "RollbackDrill");
            x.WriteAttributeString("tests", tests);
            x.WriteAttributeString("failures", failures);
            x.WriteAttributeString("errors", "0");
            x.WriteAttributeString("skipped", skipped);
            x.WriteAttributeString("time", suiteTime);

            x.WriteStartElement("testsuite");
            x.WriteAttributeString("name", Clean(report.Title));
            x.WriteAttributeString("tests", tests);
            x.WriteAttributeString("failures", failures);
            x.WriteAttributeString("errors", "0");
            x.WriteAttributeString("skipped", skipped);
            x.WriteAttributeString("time", suiteTime);
            // The JUnit schema's timestamp is an ISO 8601 date-time without a zone: UTC is implied here.
            x.WriteAttributeString("timestamp", (report.WindowStart ?? report.GeneratedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            x.WriteAttributeString("hostname", Clean(report.Context?.Name ?? report.Environment ?? "unknown"));

            x.WriteStartElement("properties");
            Property(x, "verdict", report.Verdict.ToString());
            Property(x, "dryRun", report.DryRun ? "true" : "false");
            Property(x, "environment", report.Environment);
            Property(x, "context", report.Context?.Name);
            Property(x, "server", report.Context?.Server);
            Property(x, "namespace", report.Context?.Namespace);
            Property(x, "operator", report.Operator);
            Property(x, "toolVersion", report.ToolVersion);
            Property(x, "windowStart", report.WindowStart is { } s ? ReportText.Iso(s) : null);
            Property(x, "windowEnd", report.WindowEnd is { } e ? ReportText.Iso(e) : null);
            Property(x, "releases", report.Releases.Count > 0 ? string.Join(",", report.Releases) : null);
            x.WriteEndElement();

            foreach (var c in cases)
            {
                x.WriteStartElement("testcase");
                x.WriteAttributeString("classname", c.ClassName);
                x.WriteAttributeString("name", Clean(c.Name));
                x.WriteAttributeString("time", c.Time is { } t && t >= TimeSpan.Zero ? ReportText.SecondsText(t) : "0");
                if (c.Failure is { } f)
                {
                    x.WriteStartElement("failure");
                    x.WriteAttributeString("message", Clean(f));
                    x.WriteAttributeString("type", c.FailureType);
                    x.WriteString(Clean(f));
                    x.WriteEndElement();
                }
                else if (c.Skipped is { } sk)
                {
                    x.WriteStartElement("skipped");
                    x.WriteAttributeString("message", Clean(sk));
                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            if (report.Transcript.Count > 0)
            {
                x.WriteElementString("system-out", Clean(string.Join("\n", report.Transcript.Select(t =>
                    (t.Timestamp is { } ts ? ReportText.Iso(ts) + " " : string.Empty) + (t.Source is { Length: > 0 } src ? "[" + src + "] " : string.Empty) + t.Text))));
            }

            x.WriteEndElement();
            x.WriteEndElement();
        }

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb + "\n";
    }

    private static IEnumerable<JUnitCase> Cases(DrillReport report)
    {
        var dry = report.DryRun ? "dry run (-WhatIf): nothing was executed or measured" : null;
        var window = report.WindowStart is { } ws && report.WindowEnd is { } we ? we - ws : (TimeSpan?)null;
        var verdict = report.Verdict;
        yield return new JUnitCase("RollbackDrill.Drill", "Drill verdict", window)
        {
            Failure = verdict == ReportVerdict.Failed ? VerdictReason(report) : null,
            FailureType = "DrillFailed",
            Skipped = dry ?? (verdict == ReportVerdict.Inconclusive ? "no objective, probe or step has a verdict" : null),
        };

        foreach (var o in report.Objectives)
        {
            var target = o.Target is { } t ? ReportText.Duration(t) : "none";
            var measured = o.Measured is { } m ? ReportText.Duration(m) : "not measured";
            var resolution = o.Resolution is { } r ? $" (±{ReportText.Duration(r)})" : string.Empty;
            yield return new JUnitCase("RollbackDrill.Objective", "Objective: " + o.Name, o.Measured)
            {
                Failure = dry is null && o.Met == false
                    ? $"Objective '{o.Name}' breached: measured {measured}{resolution}, target {target}." + (o.Description is { Length: > 0 } d ? " " + d : string.Empty)
                    : null,
                FailureType = "ObjectiveBreached",
                Skipped = dry ?? (o.Met is null ? $"Objective '{o.Name}' not judged: measured {measured}, target {target}." : null),
            };
        }

        foreach (var p in report.Probes)
        {
            var ttr = p.FirstHealthy is { } fh && report.WindowStart is { } start ? fh - start : (TimeSpan?)null;
            yield return new JUnitCase("RollbackDrill.Probe", "Probe: " + p.Name, ttr)
            {
                Failure = dry is null && !p.Healthy
                    ? $"Probe '{p.Name}' is not healthy after {p.Checks} checks ({p.Failures} failed); last status: {p.LastStatus ?? "none"}."
                    : null,
                FailureType = "ProbeUnhealthy",
                Skipped = dry,
            };
        }

        foreach (var s in report.Steps)
        {
            var outcome = s.Outcome ?? string.Empty;
            var failed = outcome.Equals("Failed", StringComparison.OrdinalIgnoreCase);
            var notRun = outcome.Equals("Skipped", StringComparison.OrdinalIgnoreCase) || outcome.Equals("Planned", StringComparison.OrdinalIgnoreCase);
            yield return new JUnitCase("RollbackDrill.Step", "Step: " + s.Name, s.Duration)
            {
                Failure = dry is null && failed
                    ? $"Step '{s.Name}' failed" + (s.Command.Count > 0 ? ": " + CommandLine.Format(s.Command) : ".")
                    : null,
                FailureType = "StepFailed",
                Skipped = dry ?? (notRun ? $"Step '{s.Name}' was {outcome.ToLowerInvariant()}." : null),
            };
        }
    }

    private static string VerdictReason(DrillReport report)
    {
        var reasons = report.Objectives.Where(o => o.Met == false).Select(o => $"objective '{o.Name}' breached")
            .Concat(report.Probes.Where(p => !p.Healthy).Select(p => $"probe '{p.Name}' unhealthy"))
            .Concat(report.Steps.Where(s => string.Equals(s.Outcome, "Failed", StringComparison.OrdinalIgnoreCase)).Select(s => $"step '{s.Name}' failed"));
        return "Drill failed: " + string.Join("; ", reasons) + ".";
    }

    private static void Property(XmlWriter x, string name, string? value)
    {
        if (value is { Length: > 0 })
        {
            x.WriteStartElement("property");
            x.WriteAttributeString("name", name);
            x.WriteAttributeString("value", Clean(value));
            x.WriteEndElement();
        }
    }

    /// <summary>XML 1.0 cannot carry most control characters even escaped: replace them (and lone surrogates) with U+FFFD.</summary>
    internal static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return sb.ToString();
    }

    private sealed record JUnitCase(string ClassName, string Name, TimeSpan? Time)
    {
        public string? Failure { get; init; }

        public string FailureType { get; init; } = "Failure";

        public string? Skipped { get; init; }
    }
}
