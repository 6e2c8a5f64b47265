using System.Management.Automation;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Rolls Deployments back to an earlier ReplicaSet revision by kubectl rollout undo's rules (previous revision by
/// default, paused Deployments refused, nothing sent when the template already matches, the same JSON patch
/// kubectl sends), then waits until they are rolled out. -WhatIf reads the history and shows what would change.
/// </summary>
[Cmdlet(VerbsCommon.Undo, "WorkloadRollout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(UndoResult))]
public sealed class UndoWorkloadRolloutCommand : ClusterCmdlet
{
    private readonly List<(ClusterConnection Connection, WorkloadRef Workload)> targets = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only Deployment is supported (deploy accepted), as kubectl rollout undo through ReplicaSets.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Kind { get; set; } = "Deployment";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    /// <summary>The ReplicaSet revision to restore; 0 (default) is the previous one.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long ToRevision { get; set; }

    [Parameter]
    [DurationTransformation]
    [ValidatePositiveDuration]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    [Parameter]
    public SwitchParameter NoWait { get; set; }

    protected override bool RequiresExplicitContext => true;

    protected override string? RequestedNamespace => Namespace;

    protected override void ProcessRecord()
    {
        var connection = Connection; // ContextRequired is thrown here, before anything is sent.
        var ns = EffectiveNamespace;
        if (WorkloadKinds.Normalize(Kind) != WorkloadKinds.Deployment)
        {
            WriteDrillError(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument,
                $"Undo-WorkloadRollout rolls back Deployments only, not '{Kind}'; roll back other workloads with their Helm release (Invoke-Rollback).", Kind));
            return;
        }

        foreach (var name in Name ?? [])
        {
            targets.Add((connection, new WorkloadRef(WorkloadKinds.Deployment, ns, name)));
        }
    }

    protected override void EndProcessing()
    {
        if (targets.Count == 0)
        {
            return;
        }

        var services = targets.Select(t => t.Connection).Distinct().ToDictionary(c => c, c => new ClusterWorkloads(c));
        var progress = new ReadinessProgressWriter(this, "Undo-WorkloadRollout");
        try
        {
            // 1. Plan every target (reads only; also under -WhatIf).
            var toRevision = ToRevision;
            var plans = EngineTaskRunner.Run<List<(UndoPreview? Preview, DrillException? Error)>, int>(
                async _ =>
                {
                    var list = new List<(UndoPreview?, DrillException?)>();
                    foreach (var t in targets)
                    {
                        try
                        {
                            list.Add((await services[t.Connection].Undo.PlanAsync(t.Workload, toRevision, CancellationToken).ConfigureAwait(false), null));
                        }
                        catch (DrillException ex)
                        {
                            list.Add((null, ex));
                        }
                    }

                    return list;
                },
                _ => { },
                CancellationToken);

            // 2. One ShouldProcess per target that would change, on the pipeline thread.
            var work = new List<Item>();
            for (var i = 0; i < targets.Count; i++)
            {
                var (preview, error) = plans[i];
                var label = targets[i].Workload.ToString();
                if (error is not null)
                {
                    WriteDrillError(error, label);
                    continue;
                }

                WriteVerbose($"{label}: {UndoService.Describe(preview!)}");
                if (preview!.Plan.Outcome == RolloutUndoOutcome.Skipped)
                {
                    work.Add(new Item(targets[i].Connection, preview));
                }
                else if (ShouldProcess($"{label} (context {targets[i].Connection.Info.Context})", UndoService.Describe(preview)))
                {
                    work.Add(new Item(targets[i].Connection, preview));
                }
            }

            if (work.Count == 0)
            {
                return;
            }

            // 3. Send the patches, then wait for the rolled-back Deployments together.
            var timeout = Timeout;
            var wait = !NoWait.IsPresent;
            EngineTaskRunner.Run<bool, WorkloadReadiness>(
                async p =>
                {
                    foreach (var item in work)
                    {
                        try
                        {
                            item.IssuedAt = await services[item.Connection].Undo.ApplyAsync(item.Preview, CancellationToken).ConfigureAwait(false);
                        }
                        catch (DrillException ex)
                        {
                            item.Error = ex;
                        }
                    }

                    if (wait)
                    {
                        var groups = work.Where(w => w.IssuedAt is not null).GroupBy(w => (w.Connection, w.Preview.Workload.Namespace));
                        await Task.WhenAll(groups.Select(async g =>
                        {
                            var service = services[g.Key.Connection];
                            try
                            {
                                var result = await service.Readiness.WaitAsync(
                                    ReadinessTarget.ForWorkloads(g.Key.Namespace, g.Select(w => w.Preview.Workload).ToList()), service.Context, timeout, p, CancellationToken).ConfigureAwait(false);
                                foreach (var w in g)
                                {
                                    w.Readiness = result.Workloads.FirstOrDefault(r => r.Name == w.Preview.Workload.Name);
                                    w.TimedOut = result.TimedOut;
                                }
                            }
                            catch (DrillException ex)
                            {
                                foreach (var w in g)
                                {
                                    w.Error ??= ex;
                                }
                            }
                        })).ConfigureAwait(false);
                    }

                    return true;
                },
                progress.Write,
                CancellationToken);

            foreach (var item in work)
            {
                Write(item, wait);
            }
        }
        finally
        {
            progress.Complete();
            foreach (var s in services.Values)
            {
                s.Dispose();
            }
        }
    }

    private void Write(Item item, bool wait)
    {
        var plan = item.Preview.Plan;
        var label = item.Preview.Workload.ToString();
        var skipped = plan.Outcome == RolloutUndoOutcome.Skipped;
        if (skipped || item.IssuedAt is not null)
        {
            var ready = skipped || !wait || item.Readiness?.Ready == true;
            WriteObject(new UndoResult
            {
                Namespace = item.Preview.Workload.Namespace,
                Name = item.Preview.Workload.Name,
                Context = item.Connection.Info.Context,
                Outcome = skipped ? "Skipped" : "RolledBack",
                Message = plan.Message,
                FromRevision = item.Preview.CurrentRevision,
                ToRevision = plan.TargetRevision,
                TargetReplicaSet = plan.TargetReplicaSet,
                Changes = item.Preview.Changes,
                IssuedAt = item.IssuedAt,
                Readiness = item.Readiness,
                Succeeded = ready && item.Error is null,
            });
            if (!ready && item.Error is null)
            {
                var r = item.Readiness;
                var message = $"{label} was rolled back to revision {plan.TargetRevision} but did not become ready: " +
                    (r is null ? "its state was not read." : $"{r.Message} ({r.UpdatedReplicas}/{r.DesiredReplicas} updated, {r.ReadyReplicas} ready, {r.AvailableReplicas} available).");
                WriteDrillError(new DrillException(
                    item.TimedOut ? ErrorIds.WorkloadReadinessTimeout : ErrorIds.WorkloadRolloutFailed,
                    item.TimedOut ? DrillErrorKind.OperationTimeout : DrillErrorKind.InvalidOperation,
                    message, label), label);
            }
        }

        if (item.Error is { } error)
        {
            WriteDrillError(error, label);
        }
    }

    private sealed class Item(ClusterConnection connection, UndoPreview preview)
    {
        public ClusterConnection Connection { get; } = connection;

        public UndoPreview Preview { get; } = preview;

        public DateTimeOffset? IssuedAt { get; set; }

        public WorkloadReadiness? Readiness { get; set; }

        public bool TimedOut { get; set; }

        public DrillException? Error { get; set; }
    }
}
