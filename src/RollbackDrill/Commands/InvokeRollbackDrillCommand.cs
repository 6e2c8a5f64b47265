using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Drills;
using RollbackDrill.Engine.Rollback;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Runs a drill file end to end (before state → baseline → rollback groups → readiness → recovery → after state) and
/// returns its journal (DrillResult) with the report, which is also written to the drill's report outputs. -WhatIf plans
/// and reads only and returns a dry-run report. The journal is written to disk after every phase, and kept in
/// $global:RollbackDrillLastDrill, so a drill stopped with Ctrl+C still leaves its record.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RollbackDrill", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DrillResult))]
public sealed class InvokeRollbackDrillCommand : ClusterCmdlet
{
    private const string PathSet = "Path";
    private const string DrillSet = "Drill";
    public const string LastDrillVariable = "RollbackDrillLastDrill";

    private DrillDefinition? current;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A drill from Test-DrillFile.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DrillSet, ValueFromPipeline = true)]
    public DrillDefinition? Drill { get; set; }

    [Parameter]
    public RollbackExecutor Executor { get; set; } = RollbackExecutor.Helm;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HelmPath { get; set; }

    /// <summary>Probe targets to use instead of the drill file's, by probe name (e.g. the sandbox's health URLs).</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? ProbeUrl { get; set; }

    /// <summary>Steps not to run (recorded as skipped in the journal and the report).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SkipStep { get; set; }

    /// <summary>The drill's overall deadline instead of the file's spec.timeout.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; }

    /// <summary>Where to write the journal (JSON); default: next to the first report, named after the drill and its start.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>Replace report files left by an earlier run.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override bool RequiresExplicitContext => true;

    protected override string? RequestedNamespace => current?.Namespace;

    protected override void ProcessRecord()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && Timeout <= TimeSpan.Zero)
        {
            ThrowDrillError(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, $"-Timeout must be positive; got {Timeout}.", Timeout)
            {
                RecommendedAction = "Give the drill's overall deadline, e.g. -Timeout 00:15:00 or -Timeout 15m.",
            });
        }

        var drill = ParameterSetName == DrillSet ? Drill! : DrillInvocation.Load(this, Path!);
        if (drill is null)
        {
            return;
        }

        try
        {
            current = DrillInvocation.WithProbeTargets(drill, ProbeUrl);
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
        }

        if (Context is null)
        {
            Context = current!.Context; // the drill file names its context: that counts as named.
        }
        else if (Context != current!.Context)
        {
            WriteWarning($"Running the drill '{current.Name}' on context '{Context}' instead of the file's '{current.Context}'.");
        }

        var target = $"{current.Name} (context {Context}, namespace {current.Namespace})";
        var action = $"Run the rollback drill: roll back {string.Join(", ", current.Groups.SelectMany(g => g.Releases).Select(r => r.Name))} and run {current.Steps.Count} step(s)";
        var run = ShouldProcess(target, action, "Run a rollback drill", out var reason);
        if (!run && reason != ShouldProcessReason.WhatIf)
        {
            return;
        }

        var result = DrillInvocation.Execute(this, current, Connection, dryRun: !run, Executor, HelmPath, SkipStep, MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? Timeout : null, JournalPath, CancellationToken);
        SessionState.PSVariable.Set("global:" + LastDrillVariable, result);
        if (run)
        {
            foreach (var (file, error) in DrillInvocation.WriteReports(current, result, Force))
            {
                WriteDrillError(error, file);
            }
        }

        WriteObject(result);
        DrillInvocation.ReportOutcome(this, result);
    }
}
