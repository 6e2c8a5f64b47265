using k8s.Models;

namespace RollbackDrill.Engine.Rules;

public static partial class RolloutStatusRules
{
    /// <summary>The Progressing condition reason the deployment controller sets when progressDeadlineSeconds passes.</summary>
    public const string ProgressDeadlineExceededReason = "ProgressDeadlineExceeded";

    /// <summary>
    /// kubectl rollout status (Deployment), DeploymentStatusViewer.Status: with a revision &gt; 0 the running
    /// revision must equal it; then, once metadata.generation &lt;= status.observedGeneration: Progressing with
    /// reason ProgressDeadlineExceeded is an error; updatedReplicas &lt; spec.replicas, replicas &gt; updatedReplicas
    /// (old replicas pending termination) and availableReplicas &lt; updatedReplicas are waits; else done.
    /// </summary>
    public static RolloutState Deployment(V1Deployment deployment, long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        const string kind = "Deployment";
        var meta = deployment.Metadata;
        var name = meta?.Name;
        var status = deployment.Status;
        var specReplicas = deployment.Spec?.Replicas;
        var replicas = status?.Replicas ?? 0;
        var updated = status?.UpdatedReplicas ?? 0;
        var ready = status?.ReadyReplicas ?? 0;
        var available = status?.AvailableReplicas ?? 0;
        var counters = new RolloutCounters(specReplicas ?? 0, replicas, updated, ready, available);

        if (revision > 0)
        {
            if (!DeploymentRevision.TryRead(meta, out var running, out var parseError))
            {
                return State(kind, meta, false, true, $"cannot get the revision of deployment {Q(name)}: {parseError}", RolloutReason.RevisionMismatch, counters);
            }

            if (running != revision)
            {
                return State(kind, meta, false, true, $"desired revision ({revision}) is different from the running revision ({running})", RolloutReason.RevisionMismatch, counters);
            }
        }

        if ((meta?.Generation ?? 0) <= (status?.ObservedGeneration ?? 0))
        {
            var progressing = status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
            if (progressing is not null && progressing.Reason == ProgressDeadlineExceededReason)
            {
                return State(kind, meta, false, true, $"deployment {Q(name)} exceeded its progress deadline", RolloutReason.ProgressDeadlineExceeded, counters);
            }

            if (specReplicas is int desired && updated < desired)
            {
                return State(kind, meta, false, false,
                    $"Waiting for deployment {Q(name)} rollout to finish: {updated} out of {desired} new replicas have been updated...",
                    RolloutReason.UpdatingReplicas, counters);
            }

            if (replicas > updated)
            {
                return State(kind, meta, false, false,
                    $"Waiting for deployment {Q(name)} rollout to finish: {replicas - updated} old replicas are pending termination...",
                    RolloutReason.OldReplicasPendingTermination, counters);
            }

            if (available < updated)
            {
                return State(kind, meta, false, false,
                    $"Waiting for deployment {Q(name)} rollout to finish: {available} of {updated} updated replicas are available...",
                    RolloutReason.WaitingForAvailability, counters);
            }

            return State(kind, meta, true, false, $"deployment {Q(name)} successfully rolled out", RolloutReason.Complete, counters);
        }

        return State(kind, meta, false, false, "Waiting for deployment spec update to be observed...", RolloutReason.SpecNotObserved, counters);
    }
}
