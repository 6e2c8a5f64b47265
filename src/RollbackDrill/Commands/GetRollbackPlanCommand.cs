using System.Management.Automation;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Resolves what a Helm rollback would do, reading Helm's storage only (Helm has no real dry-run): current and target
/// revision and why, chart/app version before → after, the workloads to watch, the manifest diff, the exact helm
/// command line, and whether it would be skipped. Warnings (failed/pending target, Helm's lock) go to the warning
/// stream as well as the plan.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RollbackPlan", DefaultParameterSetName = NameSet)]
[OutputType(typeof(RollbackPlan))]
public sealed class GetRollbackPlanCommand : RollbackCmdlet
{
    protected override bool HelmRequired => false;

    protected override void ProcessRecord()
    {
        foreach (var (name, ns) in Releases().ToList())
        {
            var plan = PlanRelease(name, ns, MyInvocation.BoundParameters.ContainsKey(nameof(Revision)) ? Revision : null, ToLastDeployed);
            if (plan is null)
            {
                continue;
            }

            if (!plan.WillRun)
            {
                WriteWarning($"{plan.Name}: the rollback would be skipped ({plan.SkipReason}): {plan.SkipMessage}");
            }

            foreach (var warning in plan.Warnings)
            {
                WriteWarning($"{plan.Name}: {warning}");
            }

            WriteObject(plan);
        }
    }
}
