using k8s.Models;

namespace RollbackDrill.Engine.Rules;

public static partial class RolloutStatusRules
{
    /// <summary>
    /// kubectl rollout status (DaemonSet), DaemonSetStatusViewer.Status: only RollingUpdate is supported (OnDelete is
    /// done-with-error); once metadata.generation &lt;= status.observedGeneration it waits while
    /// updatedNumberScheduled &lt; desiredNumberScheduled, then while numberAvailable &lt; desiredNumberScheduled.
    /// The revision is ignored (DaemonSets have no revision history in kubectl's viewer).
    /// </summary>
    public static RolloutState DaemonSet(V1DaemonSet daemonSet, long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        _ = revision;
        const string kind = "DaemonSet";
        var meta = daemonSet.Metadata;
        var name = meta?.Name;
        var status = daemonSet.Status;
        var desired = status?.DesiredNumberScheduled ?? 0;
        var updated = status?.UpdatedNumberScheduled ?? 0;
        var available = status?.NumberAvailable ?? 0;
        var counters = new RolloutCounters(desired, status?.CurrentNumberScheduled ?? 0, updated, status?.NumberReady ?? 0, available);

        if (daemonSet.Spec?.UpdateStrategy?.Type != "RollingUpdate")
        {
            return State(kind, meta, true, true, "rollout status is only available for RollingUpdate strategy type", RolloutReason.UnsupportedStrategy, counters);
        }

        if ((meta?.Generation ?? 0) <= (status?.ObservedGeneration ?? 0))
        {
            if (updated < desired)
            {
                return State(kind, meta, false, false,
                    $"Waiting for daemon set {Q(name)} rollout to finish: {updated} out of {desired} new pods have been updated...",
                    RolloutReason.UpdatingReplicas, counters);
            }

            if (available < desired)
            {
                return State(kind, meta, false, false,
                    $"Waiting for daemon set {Q(name)} rollout to finish: {available} of {desired} updated pods are available...",
                    RolloutReason.WaitingForAvailability, counters);
            }

            return State(kind, meta, true, false, $"daemon set {Q(name)} successfully rolled out", RolloutReason.Complete, counters);
        }

        return State(kind, meta, false, false, "Waiting for daemon set spec update to be observed...", RolloutReason.SpecNotObserved, counters);
    }
}
