using System.Management.Automation;
using RollbackDrill.Engine.Reports;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Builds a DrillReport from explicit parameters plus the objects of a scripted drill piped in: release revisions
/// and statuses (the before/after table), rollback results (procedure steps, "43 (41)" rows), recovery
/// measurements (objectives, probes, timings), a DrillContextInfo, and hashtables with before/after columns.
/// Objects it does not know are reported as non-terminating errors, never dropped silently.
/// </summary>
[Cmdlet(VerbsCommon.New, "DrillReport")]
[OutputType(typeof(DrillReport))]
public sealed class NewDrillReportCommand : DrillCmdlet
{
    private readonly ReportInputReader reader = new();

    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject[]? InputObject { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Summary { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Server { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Operator { get; set; }

    [Parameter]
    public DateTimeOffset? WindowStart { get; set; }

    [Parameter]
    public DateTimeOffset? WindowEnd { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Release { get; set; }

    [Parameter]
    [ValidateNotNull]
    public PSObject[]? Objective { get; set; }

    [Parameter]
    [ValidateNotNull]
    public PSObject[]? Step { get; set; }

    [Parameter]
    [ValidateNotNull]
    public PSObject[]? Probe { get; set; }

    [Parameter]
    [ValidateNotNull]
    public PSObject[]? Timing { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[]? Observation { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[]? FollowUp { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[]? Artifact { get; set; }

    [Parameter]
    [ValidateNotNull]
    public PSObject[]? Transcript { get; set; }

    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject ?? [])
        {
            if (input is null)
            {
                continue;
            }

            try
            {
                reader.Add(input);
            }
            catch (DrillException ex)
            {
                WriteDrillError(ex, input.BaseObject);
            }
        }
    }

    protected override void EndProcessing()
    {
        DrillReport report;
        try
        {
            report = Build();
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
            return;
        }

        WriteObject(report);
    }

    private DrillReport Build()
    {
        var report = new DrillReport
        {
            Title = Title ?? "Rollback Drill Report",
            Summary = Summary,
            Environment = Environment,
            Operator = Operator ?? System.Environment.UserName,
            ToolVersion = MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(NewDrillReportCommand).Assembly.GetName().Version?.ToString(3),
            GeneratedAt = DateTimeOffset.UtcNow,
            DryRun = DryRun.IsPresent || reader.DryRun,
            WindowStart = WindowStart,
            WindowEnd = WindowEnd,
        };

        var ctx = reader.Context;
        if (Context is not null || Server is not null || Namespace is not null || ctx is not null)
        {
            report.Context = new ReportContext
            {
                Name = Context ?? ctx?.Name ?? string.Empty,
                Server = Server ?? ctx?.Server,
                Namespace = Namespace ?? ctx?.Namespace,
            };
        }

        foreach (var o in Objective ?? [])
        {
            report.Objectives.Add(ReportInputReader.Objective(o));
        }

        reader.Objectives.ForEach(report.Objectives.Add);

        foreach (var s in ReportAssembler.OrderSteps((Step ?? []).Select(ReportInputReader.Step).Concat(reader.Steps)))
        {
            report.Steps.Add(s);
        }

        foreach (var p in Probe ?? [])
        {
            report.Probes.Add(ReportInputReader.Probe(p));
        }

        reader.Probes.ForEach(report.Probes.Add);

        foreach (var t in Timing ?? [])
        {
            report.Timings.Add(ReportInputReader.Timing(t));
        }

        reader.Timings.ForEach(report.Timings.Add);

        var rows = ReportAssembler.ApplyRollbacks(ReportAssembler.AssignPhases(reader.Rows), reader.Rollbacks);
        foreach (var row in rows)
        {
            report.Components.Add(row);
        }

        foreach (var r in (Release ?? []).Concat(ReportAssembler.Releases(rows, reader.Rollbacks)).Distinct(StringComparer.Ordinal))
        {
            report.Releases.Add(r);
        }

        foreach (var o in Observation ?? [])
        {
            report.Observations.Add(o);
        }

        foreach (var f in FollowUp ?? [])
        {
            report.FollowUps.Add(f);
        }

        foreach (var a in Artifact ?? [])
        {
            report.Artifacts.Add(a);
        }

        foreach (var t in Transcript ?? [])
        {
            report.Transcript.Add(ReportInputReader.TranscriptEntry(t));
        }

        reader.Transcript.ForEach(report.Transcript.Add);

        (report.WindowStart, report.WindowEnd) = ReportAssembler.Window(report);

        // The object itself holds no secret-looking text either: it may be shown, logged or serialized.
        return ReportRedactor.Redact(report);
    }
}
