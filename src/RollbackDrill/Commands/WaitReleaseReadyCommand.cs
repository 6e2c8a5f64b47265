using System.Management.Automation;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Workloads;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Waits until every Deployment, StatefulSet and DaemonSet of Helm releases (labelled app.kubernetes.io/instance) or
/// the named workloads are rolled out by kubectl rollout status's rules, by watching; all input is waited for in
/// parallel under one deadline. Returns each workload's ready time.
/// </summary>
// One parameter set: with -Kind (named, or a Kind property on a piped object) the names are workloads, without it
// releases. Two sets sharing Name would make PowerShell bind piped {Kind, Name} objects to the default set.
[Cmdlet(VerbsLifecycle.Wait, "ReleaseReady")]
[OutputType(typeof(ReadinessResult))]
public sealed class WaitReleaseReadyCommand : ClusterCmdlet
{
    private readonly List<(ClusterConnection Connection, ReadinessTarget Target, object Input)> targets = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <summary>Release names, or workload names when -Kind is given.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Deployment, StatefulSet or DaemonSet (kubectl's names such as deploy, sts, ds are accepted).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Kind { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    /// <summary>One overall deadline for everything waited for in this call.</summary>
    [Parameter]
    [DurationTransformation]
    [ValidatePositiveDuration]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    protected override string? RequestedNamespace => Namespace;

    protected override void ProcessRecord()
    {
        var connection = Connection;
        var ns = EffectiveNamespace;
        if (!string.IsNullOrEmpty(Kind))
        {
            var kind = WorkloadKinds.Normalize(Kind);
            if (kind is null)
            {
                WriteDrillError(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument,
                    $"'{Kind}' is not a workload kind: use Deployment, StatefulSet or DaemonSet.", Kind));
                return;
            }

            var workloads = (Name ?? []).Select(n => new WorkloadRef(kind, ns, n))
                .Where(w => seen.Add($"{connection.Info.Context}\n{w}"))
                .ToList();
            if (workloads.Count > 0)
            {
                targets.Add((connection, ReadinessTarget.ForWorkloads(ns, workloads), workloads.Count == 1 ? workloads[0].ToString() : string.Join(", ", workloads)));
            }

            return;
        }

        // Piped revisions of one release (Get-ReleaseRevision) are one release to wait for.
        foreach (var release in Name ?? [])
        {
            if (seen.Add($"{connection.Info.Context}\n{ns}\n{release}"))
            {
                targets.Add((connection, ReadinessTarget.ForRelease(release, ns), release));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (targets.Count == 0)
        {
            return;
        }

        var services = targets.Select(t => t.Connection).Distinct().ToDictionary(c => c, c => new ClusterWorkloads(c));
        var progress = new ReadinessProgressWriter(this, "Wait-ReleaseReady");
        List<(ReadinessResult? Result, DrillException? Error)> outcomes;
        try
        {
            var timeout = Timeout;
            outcomes = EngineTaskRunner.Run<List<(ReadinessResult?, DrillException?)>, WorkloadReadiness>(
                async p =>
                {
                    var waits = targets.Select(async t =>
                    {
                        try
                        {
                            var service = services[t.Connection];
                            return ((ReadinessResult?)await service.Readiness.WaitAsync(t.Target, service.Context, timeout, p, CancellationToken).ConfigureAwait(false), (DrillException?)null);
                        }
                        catch (DrillException ex)
                        {
                            return (null, ex);
                        }
                    });
                    return [.. await Task.WhenAll(waits).ConfigureAwait(false)];
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

        for (var i = 0; i < targets.Count; i++)
        {
            var (result, error) = outcomes[i];
            if (error is not null)
            {
                WriteDrillError(error, targets[i].Input);
                continue;
            }

            WriteObject(result);
            if (ReadinessErrors.For(result!, targets[i].Input) is { } failed)
            {
                WriteDrillError(failed, targets[i].Input);
            }
        }
    }
}
