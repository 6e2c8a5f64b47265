using System.Globalization;
using System.Management.Automation;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Builds the drill report from a drill's journal, in seed 003's shape: the before/after table (through the same
/// reader New-DrillReport uses, so "43 (41)" rows come out the same), the procedure with the exact commands, the
/// validation evidence (probes), the timings of every phase against the objectives, observations and the transcript.
/// </summary>
internal static class DrillResultReport
{
    public static DrillReport Build(DrillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reader = new ReportInputReader();
        foreach (var item in result.Before.Cast<object>().Concat(result.Rollbacks).Concat(result.After))
        {
            reader.Add(PSObject.AsPSObject(item));
        }

        var report = new DrillReport
        {
            Title = $"Rollback drill: {result.Drill}",
            Summary = string.Join(" ", new[] { result.Description, result.Message }.Where(s => !string.IsNullOrEmpty(s))),
            Environment = result.Environment,
            Operator = result.Operator,
            ToolVersion = result.ToolVersion,
            DryRun = result.DryRun,
            WindowStart = result.StartedAt,
            WindowEnd = result.EndedAt,
            Context = new ReportContext { Name = result.Context, Server = result.Server, Namespace = result.Namespace },
        };

        var rows = ReportAssembler.ApplyRollbacks(ReportAssembler.AssignPhases(reader.Rows), reader.Rollbacks);
        rows.ToList().ForEach(report.Components.Add);
        result.Plans.Select(p => p.Name).Concat(ReportAssembler.Releases(rows, reader.Rollbacks)).Distinct(StringComparer.Ordinal).ToList().ForEach(report.Releases.Add);
        foreach (var step in Procedure(result))
        {
            report.Steps.Add(step);
        }

        foreach (var v in result.Verdicts)
        {
            report.Objectives.Add(new ReportObjective
            {
                Name = $"{v.Tier} recovery",
                Target = v.Objective,
                Measured = v.Measured,
                Resolution = v.Resolution,
                Met = v.Met,
                Description = string.Join(" ", new[] { v.Description, v.Basis }.Where(s => !string.IsNullOrEmpty(s))),
            });
        }

        foreach (var probe in result.Measurements.SelectMany(m => m.Probes))
        {
            report.Probes.Add(ReportInputReader.Probe(PSObject.AsPSObject(probe)));
        }

        foreach (var phase in result.Phases.Where(p => p.Outcome != "Planned"))
        {
            report.Timings.Add(new ReportTiming { Name = "Phase: " + phase.Name, StartedAt = phase.StartedAt, EndedAt = phase.EndedAt, Duration = phase.Duration });
        }

        foreach (var r in result.Rollbacks.Where(r => r.IssuedAt is not null && r.ReadyAt is not null))
        {
            report.Timings.Add(new ReportTiming { Name = $"{r.Name}: rollback issued → ready", StartedAt = r.IssuedAt, EndedAt = r.ReadyAt, Duration = r.TimeToReady });
        }

        foreach (var o in result.Observations)
        {
            report.Observations.Add(o);
        }

        if (result.StateLeft is { } left)
        {
            report.Observations.Add("State left: " + left);
        }

        report.FollowUps.Add(result.Outcome switch
        {
            DrillOutcome.Succeeded => "Archive this report with the drill ticket.",
            DrillOutcome.DryRun => "Run the drill without -WhatIf in the agreed window.",
            DrillOutcome.ObjectiveMissed => "Investigate the missed objective(s) above before the next drill.",
            _ => "Restore the releases listed under 'State left' (roll forward or back) and record why the drill stopped.",
        });
        if (result.JournalPath is { } journal)
        {
            report.Artifacts.Add(journal);
        }

        foreach (var e in result.Transcript)
        {
            report.Transcript.Add(e);
        }

        return ReportRedactor.Redact(report);
    }

    private static IEnumerable<ReportStep> Procedure(DrillResult result)
    {
        var steps = result.Steps.ToList();
        foreach (var s in steps.Where(s => s.Phase == DrillStepPhase.BeforeRollback))
        {
            yield return Step(s);
        }

        foreach (var plan in result.Plans.Where(p => p.WillRun))
        {
            var done = result.Rollbacks.FirstOrDefault(r => r.Name == plan.Name && r.Namespace == plan.Namespace);
            var argv = plan.HelmArguments.Count > 0 && plan.HelmArguments[0] == "helm" ? plan.HelmArguments : plan.HelmArguments.Prepend("helm").ToList();
            yield return new ReportStep
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"Roll back {plan.Namespace}/{plan.Name} {plan.CurrentRevision} → {plan.TargetRevision}"),
                Description = done?.Message ?? (result.DryRun ? "Planned (dry run)." : "Not run."),
                Command = ReportRedactor.Argv(argv),
                StartedAt = done?.IssuedAt,
                EndedAt = done?.CompletedAt,
                Outcome = done is null ? (result.DryRun ? "Planned" : "NotRun") : done.Succeeded ? "Succeeded" : done.Outcome,
            };
        }

        foreach (var s in steps.Where(s => s.Phase != DrillStepPhase.BeforeRollback))
        {
            yield return Step(s);
        }
    }

    private static ReportStep Step(DrillStepResult s) => new()
    {
        Name = s.Target is null ? s.Name : $"{s.Name} ({s.Target})",
        Description = s.Output is { Length: > 0 } output ? $"{s.Message}\n{output}" : s.Message,
        Command = ReportRedactor.Argv(s.Command),
        StartedAt = s.StartedAt,
        EndedAt = s.EndedAt,
        Outcome = s.Outcome,
    };
}
