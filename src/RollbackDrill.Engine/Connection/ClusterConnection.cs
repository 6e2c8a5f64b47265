using k8s;

namespace RollbackDrill.Engine.Connection;

/// <summary>A resolved cluster connection: what it is (safe to show) and how to reach it (never shown).</summary>
public sealed class ClusterConnection
{
    internal ClusterConnection(DrillContextInfo info, KubernetesClientConfiguration config)
    {
        Info = info;
        Config = config;
    }

    public DrillContextInfo Info { get; }

    internal KubernetesClientConfiguration Config { get; }

    public string Namespace => Info.Namespace;

    /// <summary>A new API client for this connection; the caller disposes it.</summary>
    public IKubernetes CreateClient() => new Kubernetes(Config);
}
