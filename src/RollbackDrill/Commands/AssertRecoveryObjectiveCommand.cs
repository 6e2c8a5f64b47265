using System.Management.Automation;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Asserts that recovery objectives were met, for runbooks and Pester: a RecoveryMeasurement, a DrillReport or a
/// drill result comes in; on a breach (measured above the target, or not measured at all) it throws a terminating
/// RecoveryObjectiveBreached error that names the objective, the measured value ± resolution, the target and the
/// miss. -PassThru passes the input on when every objective holds.
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "RecoveryObjective", DefaultParameterSetName = ObjectiveSet)]
[OutputType(typeof(RecoveryMeasurement), typeof(DrillReport))]
public sealed class AssertRecoveryObjectiveCommand : DrillCmdlet
{
    private const string ObjectiveSet = "Objective";
    private const string TierSet = "Tier";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The target to assert instead of the input's own.</summary>
    [Parameter(Position = 0, ParameterSetName = ObjectiveSet)]
    public TimeSpan? Objective { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = TierSet)]
    [ValidateSet("Canary", "Full")]
    public string? Tier { get; set; }

    /// <summary>Only the objectives with these names (wildcards) of a report or drill result.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        List<ObjectiveJudgement> judged;
        try
        {
            var target = Tier is null ? Objective : RecoveryTiers.Objective(Tier);
            judged = ObjectiveInputReader.Read(InputObject)
                .Where(e => Name is null || Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(e.Name)))
                .Select(e => RecoveryObjectiveRule.Judge(e, target))
                .ToList();
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex, InputObject.BaseObject);
            return;
        }

        foreach (var j in judged)
        {
            WriteVerbose(j.Message);
        }

        if (judged.All(j => j.Finding == ObjectiveFinding.NoTarget))
        {
            var what = judged.Count == 0 ? "The input has no recovery objective" + (Name is null ? string.Empty : " matching -Name") : "No objective of the input has a target";
            ThrowDrillError(
                new DrillException(ErrorIds.RecoveryObjectiveMissing, DrillErrorKind.InvalidArgument, $"{what}: nothing to assert.", InputObject.BaseObject)
                {
                    RecommendedAction = "Give -Objective or -Tier, or measure with Measure-RecoveryTime -Objective.",
                },
                InputObject.BaseObject);
        }

        var breaches = judged.Where(j => j.Breached).ToList();
        if (breaches.Count > 0)
        {
            ThrowDrillError(
                new DrillException(ErrorIds.RecoveryObjectiveBreached, DrillErrorKind.LimitsExceeded, RecoveryObjectiveRule.BreachMessage(breaches), InputObject.BaseObject),
                InputObject.BaseObject);
        }

        if (InputObject.Properties["Verdict"]?.Value?.ToString() == nameof(ReportVerdict.Failed))
        {
            WriteWarning("Every recovery objective was met, but the drill's verdict is Failed (a failed step or an unhealthy probe).");
        }

        if (PassThru)
        {
            WriteObject(InputObject);
        }
    }
}
