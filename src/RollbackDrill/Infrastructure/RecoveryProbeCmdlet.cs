using System.Management.Automation;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Recovery;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Base of New-RecoveryProbe and Measure-RecoveryTime: the probe parameters both declare alike (Prometheus comparison,
/// Kubernetes release readiness, with -Context/-Kubeconfig from <see cref="ClusterCmdlet"/>) and one mapping from
/// parameters to validated <see cref="RecoveryProbe"/>s through the engine's <see cref="ProbeBuilder"/>.
/// </summary>
public abstract class RecoveryProbeCmdlet : ClusterCmdlet
{
    protected const string TcpSet = "Tcp";
    protected const string PrometheusSet = "Prometheus";
    protected const string KubernetesSet = "Kubernetes";

    [Parameter(Mandatory = true, ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Query { get; set; } = null!;

    /// <summary>A number, or a RecoveryBaseline (piped from Get-RecoveryBaseline, it binds from its Value).</summary>
    [Parameter(ParameterSetName = PrometheusSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Value")]
    public double? Baseline { get; set; }

    [Parameter(ParameterSetName = PrometheusSet)]
    [ValidateRange(0, 10000)]
    public double? TolerancePercent { get; set; }

    [Parameter(ParameterSetName = PrometheusSet)]
    public ProbeComparison? Comparison { get; set; }

    [Parameter(ParameterSetName = PrometheusSet)]
    public double? Threshold { get; set; }

    /// <summary>Helm releases whose Deployments, StatefulSets and DaemonSets must all be rolled out.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KubernetesSet)]
    [ValidateNotNullOrEmpty]
    public string[] Release { get; set; } = [];

    [Parameter(ParameterSetName = KubernetesSet)]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    protected override string? RequestedNamespace => Namespace;

    protected RecoveryProbe PrometheusProbe(string? name, Uri url, TimeSpan? requestTimeout) =>
        ProbeBuilder.Prometheus(name, url, Query, Baseline, TolerancePercent, Comparison, Threshold, requestTimeout);

    /// <summary>One probe per -Release, in -Namespace (else the context's); the probe keeps -Context/-Kubeconfig to be read through.</summary>
    protected IEnumerable<RecoveryProbe> KubernetesProbes(string? name, TimeSpan? requestTimeout)
    {
        var ns = EffectiveNamespace;
        var kubeconfig = Kubeconfig is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Kubeconfig);
        return Release.Select(r => ProbeBuilder.Kubernetes(Release.Length == 1 ? name : null, r, ns, Context, kubeconfig, requestTimeout)).ToList();
    }

    /// <summary>The connection a Kubernetes probe reads through: its own context/kubeconfig, else this cmdlet's.</summary>
    protected Func<RecoveryProbe, ClusterConnection?> ConnectionsFor(IEnumerable<RecoveryProbe> probes)
    {
        var map = probes.Where(p => p.Kind == ProbeKind.KubernetesReadiness)
            .ToDictionary(p => p, p => ConnectionFor(p.KubeContext ?? Context, p.Kubeconfig ?? Kubeconfig, p.Namespace));
        return p => map.GetValueOrDefault(p);
    }

    /// <summary>Builds and validates probes; a bad definition becomes an InvalidProbe error.</summary>
    protected static List<RecoveryProbe> Validated(Func<IEnumerable<RecoveryProbe>> build, object? target)
    {
        try
        {
            var probes = build().ToList();
            probes.ForEach(ProbeCheckFactory.Validate);
            return probes;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new DrillException(ErrorIds.InvalidProbe, DrillErrorKind.InvalidArgument, ex.Message, target, ex);
        }
    }
}
