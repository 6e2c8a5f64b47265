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
            report = NewDrillReportComposer.Compose(this, reader, MyInvocation.MyCommand.Module?.Version?.ToString());
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
            return;
        }

        WriteObject(report);
    }
}
