using k8s;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Rollback;

/// <summary>Which helm performs the rollback.</summary>
public enum RollbackExecutorKind
{
    /// <summary>The user's helm executable (-HelmPath or PATH).</summary>
    Helm,

    /// <summary>The sandbox's helm endpoint (no helm needed; only against the sandbox).</summary>
    Sandbox,
}

/// <summary>
/// Wires the rollback ports to cluster connections (one API client per connection, disposed with this), so cmdlets
/// never touch KubernetesClient types. One helm executor is shared by all connections of a run.
/// </summary>
public sealed class ClusterRollbackFactory : IDisposable
{
    private readonly List<IDisposable> owned = [];
    private readonly Dictionary<string, RollbackCluster> clusters = new(StringComparer.Ordinal);
    private readonly RollbackExecutorKind executorKind;
    private readonly string? helmPath;
    private HelmProcessExecutor? helm;

    public ClusterRollbackFactory(RollbackExecutorKind executorKind, string? helmPath)
    {
        this.executorKind = executorKind;
        this.helmPath = helmPath;
    }

    public RollbackCluster For(ClusterConnection connection, HelmStorageDriver driver)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var key = $"{connection.Info.Context}\n{connection.Info.Source}\n{driver}";
        if (clusters.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // The workload watches need the blank-line tolerant handler (see WatchStreamHandler).
        var client = new Kubernetes(connection.Config, new WatchStreamHandler());
        owned.Add(client);
        IHelmExecutor executor;
        if (executorKind == RollbackExecutorKind.Sandbox)
        {
            var sandbox = new SandboxHelmExecutor(connection.Info.Server);
            owned.Add(sandbox);
            executor = sandbox;
        }
        else
        {
            executor = helm ??= new HelmProcessExecutor(helmPath);
        }

        var cluster = new RollbackCluster
        {
            Releases = new RetryingReleaseStore(new KubeReleaseStore(client, driver)),
            Workloads = new KubeWorkloadApi(client),
            Pods = new RetryingWorkloadReader(new KubeWorkloadReader(client)),
            Helm = executor,
            Locks = new KubeReleaseLockStore(client),
            Connection = HelmConnection.From(connection.Info),
            Driver = driver,
        };
        clusters[key] = cluster;
        return cluster;
    }

    /// <summary>The helm major to show plans for: the detected one when helm can be found, else Helm 3.</summary>
    public async Task<HelmMajor> DetectMajorAsync(CancellationToken cancellationToken)
    {
        if (executorKind == RollbackExecutorKind.Sandbox)
        {
            return HelmMajor.V3;
        }

        helm ??= new HelmProcessExecutor(helmPath);
        await helm.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return helm.Major;
    }

    public void Dispose()
    {
        foreach (var d in owned)
        {
            d.Dispose();
        }

        owned.Clear();
        clusters.Clear();
    }
}
