namespace RollbackDrill;

/// <summary>
/// Everything an auditor needs from one rollback drill: what, when, where and by whom; the releases in scope; the
/// objectives and what was measured; the before/after table; the procedure with its exact commands; validation
/// evidence; timings; observations, follow-ups and the transcript. Built by New-DrillReport, written by
/// Export-DrillReport. There is deliberately no field for Helm values, tokens or other credentials.
/// </summary>
public sealed class DrillReport
{
    public string Title { get; set; } = "Rollback Drill Report";

    /// <summary>What the drill set out to show, e.g. "Validate that we can roll back the last deployment in under 10 minutes".</summary>
    public string? Summary { get; set; }

    public DateTimeOffset? WindowStart { get; set; }

    public DateTimeOffset? WindowEnd { get; set; }

    public string? Environment { get; set; }

    public ReportContext? Context { get; set; }

    public string? Operator { get; set; }

    /// <summary>The RollbackDrill version that produced the report.</summary>
    public string? ToolVersion { get; set; }

    /// <summary>When the report object was built.</summary>
    public DateTimeOffset GeneratedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>True for a report of a -WhatIf run: nothing was changed, and every format says so prominently.</summary>
    public bool DryRun { get; set; }

    /// <summary>The releases in scope, as "namespace/release" or "release".</summary>
    public IList<string> Releases { get; } = new List<string>();

    public IList<ReportObjective> Objectives { get; } = new List<ReportObjective>();

    /// <summary>The before/after table.</summary>
    public IList<ReportComponentState> Components { get; } = new List<ReportComponentState>();

    /// <summary>The procedure, in order.</summary>
    public IList<ReportStep> Steps { get; } = new List<ReportStep>();

    /// <summary>Validation evidence.</summary>
    public IList<ReportProbe> Probes { get; } = new List<ReportProbe>();

    public IList<ReportTiming> Timings { get; } = new List<ReportTiming>();

    public IList<string> Observations { get; } = new List<string>();

    public IList<string> FollowUps { get; } = new List<string>();

    /// <summary>Where further evidence is kept: dashboards, CI jobs, incident tickets, transcript files.</summary>
    public IList<string> Artifacts { get; } = new List<string>();

    public IList<ReportTranscriptEntry> Transcript { get; } = new List<ReportTranscriptEntry>();

    /// <summary>
    /// DryRun for a -WhatIf run; Failed when an objective was breached, a probe ended unhealthy or a step failed;
    /// Passed when at least one objective, probe or step has a verdict and none failed; else Inconclusive.
    /// </summary>
    public ReportVerdict Verdict
    {
        get
        {
            if (DryRun)
            {
                return ReportVerdict.DryRun;
            }

            var failedStep = Steps.Any(s => string.Equals(s.Outcome, "Failed", StringComparison.OrdinalIgnoreCase));
            if (failedStep || Objectives.Any(o => o.Met == false) || Probes.Any(p => !p.Healthy))
            {
                return ReportVerdict.Failed;
            }

            var judged = Objectives.Any(o => o.Met == true) || Probes.Count > 0
                || Steps.Any(s => string.Equals(s.Outcome, "Succeeded", StringComparison.OrdinalIgnoreCase));
            return judged ? ReportVerdict.Passed : ReportVerdict.Inconclusive;
        }
    }

    public override string ToString() => $"{Title} ({Verdict})";
}
