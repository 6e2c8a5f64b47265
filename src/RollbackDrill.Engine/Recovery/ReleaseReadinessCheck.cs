using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// Kubernetes readiness probe: one status read of the release's workloads per check; passes when every one is rolled
/// out by kubectl rollout status's rules. A release with no workloads fails (a mistyped name must not pass).
/// </summary>
public sealed class ReleaseReadinessCheck(RecoveryProbe probe, IReleaseRolloutReader reader) : IProbeCheck
{
    public async Task<CheckOutcome> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.RequestTimeout);
        try
        {
            var states = await reader.ReadAsync(probe.Release!, probe.Namespace!, timeout.Token).ConfigureAwait(false);
            return Verdict(states, probe.Release!, probe.Namespace!);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckOutcome.Fail("no answer", $"reading the workloads of {probe.Target} timed out after {probe.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (WorkloadApiErrors.IsApiFailure(ex, cancellationToken))
        {
            // 401/403: retrying cannot help; other statuses (404 namespace, 5xx, transport) may pass later.
            var error = WorkloadApiErrors.Map(ex, "list", "deployments", probe.Namespace!, probe.Release);
            return CheckOutcome.Fail("error", error.Message, permanent: WorkloadApiErrors.StatusOf(ex) is 401 or 403);
        }
    }

    /// <summary>The verdict on one read: all rolled out → pass; otherwise the first failed, else first waiting, workload's kubectl message.</summary>
    public static CheckOutcome Verdict(IReadOnlyList<Rules.RolloutState> states, string release, string ns)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0)
        {
            return CheckOutcome.Fail("no workloads", $"no Deployment, StatefulSet or DaemonSet is labelled {ReadinessTarget.InstanceLabel}={release} in namespace {ns}");
        }

        var ready = states.Count(s => s.Ready);
        var status = $"{ready}/{states.Count} rolled out";
        if (ready == states.Count)
        {
            return CheckOutcome.Pass(status);
        }

        var bad = states.FirstOrDefault(s => s.Failed) ?? states.First(s => !s.Ready);
        return CheckOutcome.Fail(status, $"{bad.Kind.ToLowerInvariant()}/{bad.Name}: {bad.Message}");
    }
}
