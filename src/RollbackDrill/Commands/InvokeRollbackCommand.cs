using System.Globalization;
using System.Management.Automation;
using RollbackDrill.Engine.Rollback;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Rolls Helm releases back: one ShouldProcess per release on the pipeline thread (and a ShouldContinue for a release
/// under Helm's pending lock, unless -Force), then every confirmed release in parallel (-ThrottleLimit) under one
/// overall deadline (-Timeout): helm rollback to the explicit target, the readiness wait (kubectl rollout status's
/// rules), and the check in Helm's storage. Results and errors are written on the pipeline thread at the end (the
/// PSResourceGet InstallHelper pattern). A failed release is a non-terminating error; the others still complete.
/// The results are also stored in $global:RollbackDrillLastResult, so a run stopped with Ctrl+C leaves its partial
/// result there (a stopped pipeline cannot output objects).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Rollback", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RollbackResult))]
public sealed class InvokeRollbackCommand : RollbackCmdlet
{
    private const string PlanSet = "Plan";
    public const string LastResultVariable = "RollbackDrillLastResult";

    private readonly List<RollbackJob> jobs = [];
    private readonly List<RollbackResult> early = [];
    private readonly HashSet<string> planned = new(StringComparer.Ordinal);

    /// <summary>Plans from Get-RollbackPlan: their target revision is used as is (the plan must still match the history).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PlanSet, ValueFromPipeline = true)]
    public RollbackPlan[]? Plan { get; set; }

    /// <summary>How many releases roll back at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 5;

    /// <summary>
    /// When another rollback or drill of a release holds its lock (configmap rollbackdrill-lock.&lt;release&gt;), wait
    /// for it to finish (within -Timeout) instead of failing with ReleaseLocked.
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Do not ask before rolling back a release under Helm's pending lock.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override bool RequiresExplicitContext => true;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PlanSet)
        {
            foreach (var plan in Plan ?? [])
            {
                Context = string.IsNullOrEmpty(plan.Context) ? Context : plan.Context;
                Namespace = plan.Namespace;
                Confirm(plan);
            }

            return;
        }

        int? revision = MyInvocation.BoundParameters.ContainsKey(nameof(Revision)) ? Revision : null;
        if (ParameterSetName == InputObjectSet)
        {
            // Piped revisions may each name another context: planned one by one, as Releases() switches the context.
            foreach (var (name, ns) in Releases())
            {
                if (PlanRelease(name, ns, revision, ToLastDeployed) is { } one)
                {
                    Confirm(one);
                }
            }

            return;
        }

        // Names share this record's context and namespace: their plans are read at the same time.
        var releases = Releases().ToList();
        foreach (var plan in releases.Count == 0 ? [] : PlanReleases(releases, revision, ToLastDeployed))
        {
            if (plan is not null)
            {
                Confirm(plan);
            }
        }
    }

    protected override void EndProcessing()
    {
        var results = new List<RollbackResult>(early);
        if (jobs.Count > 0)
        {
            results.AddRange(RunJobs());
        }

        SetGlobalLastResult(results);
        foreach (var result in results)
        {
            WriteObject(result);
            if (result.Outcome == "Skipped")
            {
                WriteDrillError(SkippedError(result), result);
            }
            else if (!result.Succeeded)
            {
                WriteDrillError(ToError(result), result);
            }
        }
    }

    private void Confirm(RollbackPlan plan)
    {
        if (!planned.Add($"{plan.Context}\n{plan.Namespace}\n{plan.Name}"))
        {
            return;
        }

        foreach (var warning in plan.Warnings)
        {
            WriteWarning($"{plan.Name}: {warning}");
        }

        if (!plan.WillRun)
        {
            early.Add(new RollbackResult
            {
                Plan = plan,
                Outcome = "Skipped",
                Phase = "Plan",
                Message = plan.SkipMessage ?? "skipped",
                StateLeft = "Nothing was sent for this release.",
            });
            return;
        }

        var target = string.Create(CultureInfo.InvariantCulture, $"{plan.Name} (namespace {plan.Namespace}, context {plan.Context})");
        var action = string.Create(CultureInfo.InvariantCulture,
            $"Roll back from revision {plan.CurrentRevision} ({plan.ChartBefore}, app {plan.AppVersionBefore}) to revision {plan.TargetRevision} ({plan.ChartAfter}, app {plan.AppVersionAfter}), writing revision {plan.NewRevision}");
        if (!ShouldProcess(target, action))
        {
            return;
        }

        if (plan.RequiresConfirmation && !Force &&
            !ShouldContinue($"{plan.LockMessage} Roll back {plan.Name} anyway?", "Helm's lock: another operation is in progress"))
        {
            WriteDrillError(new DrillException(ErrorIds.RollbackNotConfirmed, DrillErrorKind.ResourceBusy,
                $"{plan.Name}: not rolled back: {plan.LockMessage}", plan.Name) { RecommendedAction = "Confirm, or pass -Force." });
            return;
        }

        jobs.Add(new RollbackJob(plan, Factory.For(Connection, Driver)));
    }

    private IReadOnlyList<RollbackResult> RunJobs()
    {
        var options = Options with { ThrottleLimit = ThrottleLimit, WaitForLock = Wait };
        var overall = new ProgressRecord(1, "Invoke-Rollback", $"Rolling back {jobs.Count} release(s)") { PercentComplete = 0 };
        var children = new Dictionary<int, ProgressRecord>();
        try
        {
            // The service never throws for a release (Ctrl+C and the deadline end in results), so this returns
            // even when stopped, and the partial results can be stored.
            return EngineTaskRunner.Run<IReadOnlyList<RollbackResult>, RollbackProgress>(
                p => new RollbackService().RunAsync(jobs, options, p, CancellationToken),
                p =>
                {
                    if (Stopping)
                    {
                        return;
                    }

                    if (!children.TryGetValue(p.Index, out var child))
                    {
                        child = new ProgressRecord(2 + p.Index, p.Release, p.Phase) { ParentActivityId = 1 };
                        children[p.Index] = child;
                    }

                    child.StatusDescription = $"{p.Phase}: {p.Message}";
                    child.RecordType = p.ReleaseDone ? ProgressRecordType.Completed : ProgressRecordType.Processing;
                    overall.StatusDescription = string.Create(CultureInfo.InvariantCulture, $"{p.Finished} of {p.Total} release(s) finished");
                    overall.PercentComplete = p.Total == 0 ? 100 : 100 * p.Finished / p.Total;
                    try
                    {
                        WriteProgress(child);
                        WriteProgress(overall);
                    }
                    catch (PipelineStoppedException)
                    {
                        // Ctrl+C came between the check and the write: keep draining, so the partial results are kept.
                    }
                },
                CancellationToken);
        }
        finally
        {
            if (!Stopping)
            {
                foreach (var child in children.Values)
                {
                    child.RecordType = ProgressRecordType.Completed;
                    WriteProgress(child);
                }

                overall.RecordType = ProgressRecordType.Completed;
                WriteProgress(overall);
            }
        }
    }

    private void SetGlobalLastResult(List<RollbackResult> results) =>
        SessionState.PSVariable.Set("global:" + LastResultVariable, results.ToArray());

    private static DrillException ToError(RollbackResult r)
    {
        var (id, kind) = r.Outcome switch
        {
            "TimedOut" => (ErrorIds.RollbackTimedOut, DrillErrorKind.OperationTimeout),
            "Locked" => (ErrorIds.ReleaseLocked, DrillErrorKind.ResourceBusy),
            "Stopped" or "NotStarted" => (ErrorIds.RollbackStopped, DrillErrorKind.NotSpecified),
            _ => (ErrorIds.RollbackFailed, DrillErrorKind.InvalidOperation),
        };
        return new DrillException(id, kind, $"{r.Name}: {r.Message} {r.StateLeft}".Trim(), r.Name) { RecommendedAction = r.RecommendedAction };
    }
}
