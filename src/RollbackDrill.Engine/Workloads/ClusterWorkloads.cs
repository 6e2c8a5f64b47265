using k8s;
using RollbackDrill.Engine.Connection;

namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// The workload services wired to one cluster connection (one API client, disposed with this). Cmdlets use this
/// rather than KubernetesClient types, which live in the module's private load context only.
/// </summary>
public sealed class ClusterWorkloads : IDisposable
{
    private readonly Kubernetes client;

    public ClusterWorkloads(ClusterConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The same configuration as connection.CreateClient(), plus blank-line tolerance for watch streams.
        client = new Kubernetes(connection.Config, new WatchStreamHandler());
        Context = connection.Info.Context;
        var api = new KubeWorkloadApi(client);
        Readiness = new ReadinessWaiter(api);
        Scale = new ScaleService(api);
        Undo = new UndoService(api);
    }

    public string Context { get; }

    public ReadinessWaiter Readiness { get; }

    public ScaleService Scale { get; }

    public UndoService Undo { get; }

    public void Dispose() => client.Dispose();
}
