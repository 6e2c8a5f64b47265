using System.Globalization;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// Scales workloads through the /scale subresource the way kubectl scale --current-replicas does: read the scale,
/// check the precondition, write spec.replicas with the read resourceVersion (so the precondition still holds when
/// the write lands); on 409 Conflict read again, check again, retry a bounded number of times.
/// </summary>
public sealed class ScaleService
{
    private readonly IWorkloadApi api;
    private readonly TimeProvider time;

    public ScaleService(IWorkloadApi api, TimeProvider? time = null)
    {
        this.api = api ?? throw new ArgumentNullException(nameof(api));
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>How many times a 409 Conflict is retried (each time with a fresh read and precondition check).</summary>
    public int MaxConflictRetries { get; init; } = 5;

    /// <summary>kubectl scale (pkg/scale PreconditionError): "Expected replicas to be 2, was 3".</summary>
    public static string PreconditionMessage(int expected, int actual) =>
        string.Create(CultureInfo.InvariantCulture, $"Expected replicas to be {expected}, was {actual}");

    /// <summary>Scales one workload. Throws <see cref="DrillException"/> (precondition, not scalable, API errors); nothing is written on a precondition failure.</summary>
    public async Task<ScaleOutcome> ScaleAsync(WorkloadRef workload, int replicas, int? expectedReplicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Kind == WorkloadKinds.DaemonSet)
        {
            throw new DrillException(
                ErrorIds.WorkloadNotScalable, DrillErrorKind.InvalidArgument,
                $"{workload} cannot be scaled: a DaemonSet runs one pod per eligible node and has no /scale subresource.", workload);
        }

        if (replicas < 0)
        {
            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "The replica count cannot be negative.", workload);
        }

        var resource = WorkloadKinds.Resource(workload.Kind) + "/scale";
        for (var attempt = 0; ; attempt++)
        {
            WorkloadScale current;
            try
            {
                current = await api.GetScaleAsync(workload.Kind, workload.Namespace, workload.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
            {
                throw WorkloadApiErrors.Map(ex, "get", resource, workload.Namespace, workload, workload.Name);
            }

            if (expectedReplicas is int expected && current.SpecReplicas != expected)
            {
                throw new DrillException(
                    ErrorIds.ScalePreconditionFailed, DrillErrorKind.InvalidOperation,
                    $"{PreconditionMessage(expected, current.SpecReplicas)}: {workload} was not changed.", workload)
                {
                    RecommendedAction = "Check who else changed the replica count, then run again with the current value as -ExpectedReplicas.",
                };
            }

            if (current.SpecReplicas == replicas)
            {
                return new ScaleOutcome(workload, current.SpecReplicas, replicas, false, time.GetUtcNow());
            }

            try
            {
                await api.ReplaceScaleAsync(workload.Kind, workload.Namespace, workload.Name, replicas, current.ResourceVersion, cancellationToken).ConfigureAwait(false);
                return new ScaleOutcome(workload, current.SpecReplicas, replicas, true, time.GetUtcNow());
            }
            catch (Exception ex) when (WorkloadApiErrors.StatusOf(ex) == 409 && attempt < MaxConflictRetries)
            {
                // kubectl ScaleCondition: a conflict means the object changed since the read; read and check again.
            }
            catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
            {
                throw WorkloadApiErrors.Map(ex, "update", resource, workload.Namespace, workload, workload.Name);
            }
        }
    }
}
