using k8s.Models;

namespace RollbackDrill.Engine.Rules;

public static partial class RolloutStatusRules
{
    /// <summary>
    /// kubectl rollout status (StatefulSet), StatefulSetStatusViewer.Status: only RollingUpdate is supported (OnDelete
    /// is done-with-error); waits while observedGeneration is 0 or behind metadata.generation, and while readyReplicas
    /// &lt; spec.replicas; with a rollingUpdate block it is a partitioned roll out (done once updatedReplicas &gt;=
    /// replicas − partition); otherwise done when updateRevision == currentRevision. The revision is ignored.
    /// </summary>
    public static RolloutState StatefulSet(V1StatefulSet statefulSet, long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        _ = revision; // kubectl ignores the revision for StatefulSets.
        const string kind = "StatefulSet";
        var meta = statefulSet.Metadata;
        var status = statefulSet.Status;
        var strategy = statefulSet.Spec?.UpdateStrategy;
        var specReplicas = statefulSet.Spec?.Replicas;
        var readyReplicas = status?.ReadyReplicas ?? 0;
        var updatedReplicas = status?.UpdatedReplicas ?? 0;
        var counters = new RolloutCounters(specReplicas ?? 0, status?.Replicas ?? 0, updatedReplicas, readyReplicas, status?.AvailableReplicas ?? 0);

        // The API server defaults updateStrategy.type to RollingUpdate; an object read without defaults has no type.
        var type = strategy?.Type;
        if (type != "RollingUpdate")
        {
            return State(kind, meta, true, true, "rollout status is only available for RollingUpdate strategy type", RolloutReason.UnsupportedStrategy, counters);
        }

        var observed = status?.ObservedGeneration ?? 0;
        if (observed == 0 || (meta?.Generation ?? 0) > observed)
        {
            return State(kind, meta, false, false, "Waiting for statefulset spec update to be observed...", RolloutReason.SpecNotObserved, counters);
        }

        if (specReplicas is int desired && readyReplicas < desired)
        {
            return State(kind, meta, false, false, $"Waiting for {desired - readyReplicas} pods to be ready...", RolloutReason.WaitingForReadyPods, counters);
        }

        if (strategy?.RollingUpdate is { } rolling)
        {
            if (specReplicas is int replicas && rolling.Partition is int partition && updatedReplicas < replicas - partition)
            {
                return State(kind, meta, false, false,
                    $"Waiting for partitioned roll out to finish: {updatedReplicas} out of {replicas - partition} new pods have been updated...",
                    RolloutReason.PartitionedRolloutInProgress, counters);
            }

            return State(kind, meta, true, false, $"partitioned roll out complete: {updatedReplicas} new pods have been updated...", RolloutReason.Complete, counters);
        }

        if (status?.UpdateRevision != status?.CurrentRevision)
        {
            return State(kind, meta, false, false,
                $"waiting for statefulset rolling update to complete {updatedReplicas} pods at revision {status?.UpdateRevision}...",
                RolloutReason.RollingUpdateInProgress, counters);
        }

        return State(kind, meta, true, false,
            $"statefulset rolling update complete {status?.CurrentReplicas ?? 0} pods at revision {status?.CurrentRevision}...",
            RolloutReason.Complete, counters);
    }
}
