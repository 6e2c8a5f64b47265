using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// kubectl rollout undo for Deployments: read the Deployment and the ReplicaSets its selector matches, let
/// <see cref="RolloutUndoRules.Plan"/> decide (target revision, paused refused, no-op when the template matches),
/// then send the JSON patch kubectl sends. Planning reads only, so -WhatIf can show the plan.
/// </summary>
public sealed class UndoService
{
    private readonly IWorkloadApi api;
    private readonly TimeProvider time;

    public UndoService(IWorkloadApi api, TimeProvider? time = null)
    {
        this.api = api ?? throw new ArgumentNullException(nameof(api));
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Reads the Deployment and its ReplicaSets and plans the undo. A refusal (paused, revision not found) throws <see cref="DrillException"/>.</summary>
    public async Task<UndoPreview> PlanAsync(WorkloadRef workload, long toRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Kind != WorkloadKinds.Deployment)
        {
            // kubectl rollout undo supports StatefulSets/DaemonSets through ControllerRevisions; we do Deployments only.
            throw new DrillException(
                ErrorIds.RolloutUndoRefused, DrillErrorKind.NotImplemented,
                $"{workload}: Undo-WorkloadRollout rolls back Deployments only; roll back a {workload.Kind} with its Helm release (Invoke-Rollback).", workload);
        }

        k8s.Models.V1Deployment deployment;
        IReadOnlyList<k8s.Models.V1ReplicaSet> replicaSets;
        try
        {
            deployment = await api.GetDeploymentAsync(workload.Namespace, workload.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
        {
            throw WorkloadApiErrors.Map(ex, "get", "deployments.apps", workload.Namespace, workload, workload.Name);
        }

        try
        {
            replicaSets = await api.ListReplicaSetsAsync(workload.Namespace, LabelSelectors.ToQuery(deployment.Spec?.Selector), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
        {
            throw WorkloadApiErrors.Map(ex, "list", "replicasets.apps", workload.Namespace, workload);
        }

        var plan = RolloutUndoRules.Plan(deployment, replicaSets, toRevision);
        DeploymentRevision.TryRead(deployment.Metadata, out var current, out _);
        if (plan.Outcome == RolloutUndoOutcome.Refused)
        {
            throw new DrillException(
                ErrorIds.RolloutUndoRefused, plan.RefusedBecausePaused ? DrillErrorKind.InvalidOperation : DrillErrorKind.ObjectNotFound,
                $"{workload}: {plan.Message}", workload)
            {
                RecommendedAction = plan.RefusedBecausePaused
                    ? "Resume the Deployment (kubectl rollout resume), then run again."
                    : "List the revisions with kubectl rollout history and pass one of them to -ToRevision.",
            };
        }

        var changes = plan.Outcome == RolloutUndoOutcome.RollBack
            ? TemplateDiff.Compare(PodTemplateComparer.WithoutHash(deployment.Spec?.Template ?? new k8s.Models.V1PodTemplateSpec()), plan.Template)
            : [];
        return new UndoPreview(workload, plan, current, changes, deployment);
    }

    /// <summary>
    /// Sends the plan's patch (once, as kubectl does; on 409 Conflict re-read and re-planned first); returns when the
    /// API server accepted it, or null when nothing was sent (a skipped plan, or the target already in place).
    /// </summary>
    public async Task<DateTimeOffset?> ApplyAsync(UndoPreview preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preview);
        if (preview.Plan.Outcome != RolloutUndoOutcome.RollBack || preview.Plan.PatchJson is null)
        {
            return null;
        }

        var patch = preview.Plan.PatchJson;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await api.PatchDeploymentAsync(preview.Workload.Namespace, preview.Workload.Name, patch, cancellationToken).ConfigureAwait(false);
                return time.GetUtcNow();
            }
            catch (Exception ex) when (WorkloadApiErrors.StatusOf(ex) == 409 && attempt < MaxConflictRetries)
            {
                // 409: the API server wrote nothing. Never resend blindly: read again and plan again (as a user re-running
                // kubectl rollout undo would); only the same decision (same target ReplicaSet) is sent again.
                var again = await PlanAsync(preview.Workload, preview.Plan.TargetRevision ?? 0, cancellationToken).ConfigureAwait(false);
                if (again.Plan.Outcome == RolloutUndoOutcome.Skipped)
                {
                    return null; // somebody else already rolled it back to the target: kubectl's no-op
                }

                if (again.Plan.TargetReplicaSet != preview.Plan.TargetReplicaSet || again.Plan.PatchJson is null)
                {
                    throw new DrillException(
                        ErrorIds.RolloutUndoRefused, DrillErrorKind.ResourceBusy,
                        $"{preview.Workload}: the Deployment changed while it was being rolled back (409 Conflict): nothing was changed by this call. {again.Plan.Message}", preview.Workload, ex)
                    {
                        RecommendedAction = "Look at the Deployment's revisions (kubectl rollout history), then run again.",
                    };
                }

                patch = again.Plan.PatchJson;
            }
            catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
            {
                throw WorkloadApiErrors.Map(ex, "patch", "deployments.apps", preview.Workload.Namespace, preview.Workload, preview.Workload.Name);
            }
        }
    }

    /// <summary>How many 409 Conflicts are answered with a fresh read, a fresh plan and one more patch.</summary>
    public int MaxConflictRetries { get; init; } = 3;

    /// <summary>A one-line description of the plan, for ShouldProcess and verbose output.</summary>
    public static string Describe(UndoPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var p = preview.Plan;
        var head = p.Outcome == RolloutUndoOutcome.Skipped
            ? $"Nothing to do: {p.Message}"
            : $"Roll back from revision {preview.CurrentRevision} to revision {p.TargetRevision} (ReplicaSet {p.TargetReplicaSet})";
        return preview.Changes.Count == 0 ? head : head + ": " + string.Join("; ", preview.Changes);
    }
}
