namespace RollbackDrill.Engine.Rules;

/// <summary>Which of kubectl rollout status's branches produced a <see cref="RolloutState"/>.</summary>
public enum RolloutReason
{
    /// <summary>The controller has not observed the latest spec yet (metadata.generation &gt; status.observedGeneration).</summary>
    SpecNotObserved,

    /// <summary>Fewer replicas/pods than desired run the new template.</summary>
    UpdatingReplicas,

    /// <summary>Deployment: old replicas are still pending termination.</summary>
    OldReplicasPendingTermination,

    /// <summary>Updated replicas/pods exist but are not all available.</summary>
    WaitingForAvailability,

    /// <summary>StatefulSet: fewer ready pods than spec.replicas.</summary>
    WaitingForReadyPods,

    /// <summary>StatefulSet: a partitioned rolling update has not reached all pods above the partition.</summary>
    PartitionedRolloutInProgress,

    /// <summary>StatefulSet: updateRevision differs from currentRevision.</summary>
    RollingUpdateInProgress,

    /// <summary>Rolled out.</summary>
    Complete,

    /// <summary>Deployment: the Progressing condition has reason ProgressDeadlineExceeded (a failure, not a wait).</summary>
    ProgressDeadlineExceeded,

    /// <summary>Deployment: a revision was asked for and the running revision differs (or cannot be read).</summary>
    RevisionMismatch,

    /// <summary>StatefulSet/DaemonSet: the update strategy is not RollingUpdate (e.g. OnDelete).</summary>
    UnsupportedStrategy,

    /// <summary>The object is not a kind kubectl has a status viewer for, or could not be read.</summary>
    UnsupportedKind,
}
