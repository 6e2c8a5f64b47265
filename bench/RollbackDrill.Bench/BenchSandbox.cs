using RollbackDrill.Sandbox;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Bench;

/// <summary>A started in-process sandbox loaded from generated scenario text, with a kubeconfig for kubectl and the module.</summary>
internal sealed class BenchSandbox : IAsyncDisposable
{
    private BenchSandbox(SandboxCluster cluster, string kubeconfig)
    {
        Cluster = cluster;
        Kubeconfig = kubeconfig;
    }

    public const string ContextName = "sandbox";

    public SandboxCluster Cluster { get; }

    public string Kubeconfig { get; }

    /// <summary>Parses the scenario, applies it before start (exact ReplicaSet history, as Scenario.ApplyTo advises), starts on a free loopback port.</summary>
    public static async Task<BenchSandbox> StartAsync(string scenarioText, string workDir, string name, SandboxOptions? options = null)
    {
        var path = Path.Combine(workDir, name + ".yaml");
        await File.WriteAllTextAsync(path, scenarioText).ConfigureAwait(false);
        var scenario = ScenarioLoader.Load(path);
        var cluster = SandboxCluster.Create(options);
        scenario.ApplyTo(cluster);
        await cluster.StartAsync().ConfigureAwait(false);
        var kubeconfig = cluster.WriteKubeconfig(Path.Combine(workDir, name + ".kubeconfig"), ContextName);
        return new BenchSandbox(cluster, kubeconfig);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
