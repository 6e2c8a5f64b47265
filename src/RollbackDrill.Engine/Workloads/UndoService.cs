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

    /// <summary>Sends the plan's patch (once, as kubectl does); returns when the API server accepted it. A skipped plan sends nothing.</summary>
    public async Task<DateTimeOffset?> ApplyAsync(UndoPreview preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preview);
        if (preview.Plan.Outcome != RolloutUndoOutcome.RollBack || preview.Plan.PatchJson is null)
        {
            return null;
        }

        try
        {
            await api.PatchDeploymentAsync(preview.Workload.Namespace, preview.Workload.Name, preview.Plan.PatchJson, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
        {
            throw WorkloadApiErrors.Map(ex, "patch", "deployments.apps", preview.Workload.Namespace, preview.Workload, preview.Workload.Name);
        }

        return time.GetUtcNow();
    }

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
