using RollbackDrill.Commands;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Infrastructure;

/// <summary>New-DrillReport's assembly of the report from its parameters and the objects folded by the reader.</summary>
internal static class NewDrillReportComposer
{
    public static DrillReport Compose(NewDrillReportCommand c, ReportInputReader reader, string? moduleVersion)
    {
        var report = new DrillReport
        {
            Title = c.Title ?? "Rollback Drill Report",
            Summary = c.Summary,
            Environment = c.Environment,
            Operator = c.Operator ?? System.Environment.UserName,
            ToolVersion = moduleVersion ?? typeof(NewDrillReportCommand).Assembly.GetName().Version?.ToString(3),
            GeneratedAt = DateTimeOffset.UtcNow,
            DryRun = c.DryRun.IsPresent || reader.DryRun,
            WindowStart = c.WindowStart,
            WindowEnd = c.WindowEnd,
        };

        var ctx = reader.Context;
        if (c.Context is not null || c.Server is not null || c.Namespace is not null || ctx is not null)
        {
            report.Context = new ReportContext
            {
                Name = c.Context ?? ctx?.Name ?? string.Empty,
                Server = c.Server ?? ctx?.Server,
                Namespace = c.Namespace ?? ctx?.Namespace,
            };
        }

        foreach (var o in c.Objective ?? [])
        {
            report.Objectives.Add(ReportInputReader.Objective(o));
        }

        reader.Objectives.ForEach(report.Objectives.Add);

        foreach (var s in ReportAssembler.OrderSteps((c.Step ?? []).Select(ReportInputReader.Step).Concat(reader.Steps)))
        {
            report.Steps.Add(s);
        }

        foreach (var p in c.Probe ?? [])
        {
            report.Probes.Add(ReportInputReader.Probe(p));
        }

        reader.Probes.ForEach(report.Probes.Add);

        foreach (var t in c.Timing ?? [])
        {
            report.Timings.Add(ReportInputReader.Timing(t));
        }

        reader.Timings.ForEach(report.Timings.Add);

        var rows = ReportAssembler.ApplyRollbacks(ReportAssembler.AssignPhases(reader.Rows), reader.Rollbacks);
        foreach (var row in rows)
        {
            report.Components.Add(row);
        }

        foreach (var r in (c.Release ?? []).Concat(ReportAssembler.Releases(rows, reader.Rollbacks)).Distinct(StringComparer.Ordinal))
        {
            report.Releases.Add(r);
        }

        foreach (var o in c.Observation ?? [])
        {
            report.Observations.Add(o);
        }

        foreach (var f in c.FollowUp ?? [])
        {
            report.FollowUps.Add(f);
        }

        foreach (var a in c.Artifact ?? [])
        {
            report.Artifacts.Add(a);
        }

        foreach (var t in c.Transcript ?? [])
        {
            report.Transcript.Add(ReportInputReader.TranscriptEntry(t));
        }

        reader.Transcript.ForEach(report.Transcript.Add);

        (report.WindowStart, report.WindowEnd) = ReportAssembler.Window(report);

        // The object itself holds no secret-looking text either: it may be shown, logged or serialized.
        return ReportRedactor.Redact(report);
    }
}
