using System.Management.Automation;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Workloads;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Scales Deployments and StatefulSets through the /scale subresource, optionally only if they still have
/// -ExpectedReplicas (like kubectl scale --current-replicas), then waits until they are rolled out by kubectl
/// rollout status's rules. Several workloads (each with its own -Replicas from the pipeline) go in one call, in
/// input order, with one readiness wait for all: seed 000's blue/green flip.
/// </summary>
[Cmdlet(VerbsCommon.Set, "WorkloadScale", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScaleResult))]
public sealed class SetWorkloadScaleCommand : ClusterCmdlet
{
    private readonly List<Target> targets = [];

    /// <summary>Deployment or StatefulSet (deploy, sts accepted).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Kind { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; }

    /// <summary>Precondition: scale only if spec.replicas is this now (kubectl scale --current-replicas).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, int.MaxValue)]
    public int ExpectedReplicas { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    /// <summary>The overall deadline of the readiness wait after scaling.</summary>
    [Parameter]
    [DurationTransformation]
    [ValidatePositiveDuration]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Return once the API server accepted the new replica count, without waiting for readiness.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    protected override bool RequiresExplicitContext => true;

    protected override string? RequestedNamespace => Namespace;

    protected override void ProcessRecord()
    {
        var connection = Connection; // ContextRequired is thrown here, before anything is sent.
        var ns = EffectiveNamespace;
        var kind = WorkloadKinds.Normalize(Kind);
        if (kind is null)
        {
            WriteDrillError(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument,
                $"'{Kind}' is not a workload kind: use Deployment or StatefulSet.", Kind));
            return;
        }

        int? expected = MyInvocation.BoundParameters.ContainsKey(nameof(ExpectedReplicas)) ? ExpectedReplicas : null;
        foreach (var name in Name ?? [])
        {
            targets.Add(new Target(connection, new WorkloadRef(kind, ns, name), Replicas, expected));
        }
    }

    protected override void EndProcessing()
    {
        // ShouldProcess on the pipeline thread, one per target, before anything is sent.
        var approved = targets.Where(t => ShouldProcess(
            $"{t.Workload} (context {t.Connection.Info.Context})",
            t.Expected is int e ? $"Scale to {t.Replicas} replicas if it has {e} now" : $"Scale to {t.Replicas} replicas")).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        var services = approved.Select(t => t.Connection).Distinct().ToDictionary(c => c, c => new ClusterWorkloads(c));
        var progress = new ReadinessProgressWriter(this, "Set-WorkloadScale");
        var timeout = Timeout;
        var wait = !NoWait.IsPresent;
        try
        {
            EngineTaskRunner.Run<bool, WorkloadReadiness>(
                async p =>
                {
                    // In input order (the flip: new ones to zero, then legacy up), each its own precondition.
                    foreach (var t in approved)
                    {
                        try
                        {
                            t.Outcome = await services[t.Connection].Scale.ScaleAsync(t.Workload, t.Replicas, t.Expected, CancellationToken).ConfigureAwait(false);
                        }
                        catch (DrillException ex)
                        {
                            t.Error = ex;
                        }
                    }

                    if (wait)
                    {
                        var groups = approved.Where(t => t.Outcome is not null).GroupBy(t => (t.Connection, t.Workload.Namespace));
                        await Task.WhenAll(groups.Select(async g =>
                        {
                            var service = services[g.Key.Connection];
                            try
                            {
                                var result = await service.Readiness.WaitAsync(
                                    ReadinessTarget.ForWorkloads(g.Key.Namespace, g.Select(t => t.Workload).ToList()), service.Context, timeout, p, CancellationToken).ConfigureAwait(false);
                                foreach (var t in g)
                                {
                                    t.Readiness = result.Workloads.FirstOrDefault(w => w.Kind == t.Workload.Kind && w.Name == t.Workload.Name);
                                    t.WaitMessage = result.Message;
                                    t.TimedOut = result.TimedOut;
                                }
                            }
                            catch (DrillException ex)
                            {
                                foreach (var t in g)
                                {
                                    t.Error ??= ex;
                                }
                            }
                        })).ConfigureAwait(false);
                    }

                    return true;
                },
                progress.Write,
                CancellationToken);
        }
        finally
        {
            progress.Complete();
            foreach (var s in services.Values)
            {
                s.Dispose();
            }
        }

        foreach (var t in approved)
        {
            if (t.Outcome is { } o)
            {
                var succeeded = !wait || t.Readiness?.Ready == true;
                WriteObject(new ScaleResult
                {
                    Kind = t.Workload.Kind,
                    Namespace = t.Workload.Namespace,
                    Name = t.Workload.Name,
                    Context = t.Connection.Info.Context,
                    PreviousReplicas = o.PreviousReplicas,
                    Replicas = o.Replicas,
                    ExpectedReplicas = t.Expected,
                    Changed = o.Changed,
                    ScaledAt = o.ScaledAt,
                    Readiness = t.Readiness,
                    Succeeded = succeeded && t.Error is null,
                });
                if (wait && !succeeded && t.Error is null)
                {
                    var message = t.Readiness is { } r
                        ? $"{t.Workload} was scaled to {o.Replicas} but did not become ready: {r.Message} ({r.UpdatedReplicas}/{r.DesiredReplicas} updated, {r.ReadyReplicas} ready, {r.AvailableReplicas} available). {t.WaitMessage}"
                        : $"{t.Workload} was scaled to {o.Replicas} but its readiness is unknown. {t.WaitMessage}";
                    WriteDrillError(new DrillException(
                        t.TimedOut ? ErrorIds.WorkloadReadinessTimeout : ErrorIds.WorkloadRolloutFailed,
                        t.TimedOut ? DrillErrorKind.OperationTimeout : DrillErrorKind.InvalidOperation,
                        message, t.Workload.ToString()), t.Workload.ToString());
                }
            }

            if (t.Error is { } error)
            {
                WriteDrillError(error, t.Workload.ToString());
            }
        }
    }

    private sealed class Target(ClusterConnection connection, WorkloadRef workload, int replicas, int? expected)
    {
        public ClusterConnection Connection { get; } = connection;

        public WorkloadRef Workload { get; } = workload;

        public int Replicas { get; } = replicas;

        public int? Expected { get; } = expected;

        public ScaleOutcome? Outcome { get; set; }

        public WorkloadReadiness? Readiness { get; set; }

        public string? WaitMessage { get; set; }

        public bool TimedOut { get; set; }

        public DrillException? Error { get; set; }
    }
}
