using k8s;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Connection;

namespace RollbackDrill.Engine.Services;

/// <summary>
/// The release services wired to one cluster connection (one API client, disposed with this). Cmdlets use this
/// rather than KubernetesClient types, which live in the module's private load context only.
/// </summary>
public sealed class ClusterReleaseReader : IDisposable
{
    private readonly IKubernetes client;

    public ClusterReleaseReader(ClusterConnection connection, HelmStorageDriver driver)
    {
        ArgumentNullException.ThrowIfNull(connection);
        client = connection.CreateClient();
        Context = connection.Info.Context;
        History = new ReleaseHistoryService(new KubeReleaseStore(client, driver));
        Status = new ReleaseStatusService(new KubeReleaseStore(client, driver), new KubeWorkloadReader(client));
    }

    public string Context { get; }

    public ReleaseHistoryService History { get; }

    public ReleaseStatusService Status { get; }

    /// <summary>Helm's HELM_DRIVER environment variable: "configmap"/"configmaps" select ConfigMaps, anything else Secrets.</summary>
    public static HelmStorageDriver DriverFromEnvironment(string? helmDriver) =>
        helmDriver?.Trim().ToUpperInvariant() is "CONFIGMAP" or "CONFIGMAPS" ? HelmStorageDriver.ConfigMap : HelmStorageDriver.Secret;

    public void Dispose() => client.Dispose();
}
