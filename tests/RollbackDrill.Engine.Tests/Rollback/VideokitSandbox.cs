using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Rollback;
using RollbackDrill.Sandbox;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Engine.Tests.Rollback;

/// <summary>The sandbox loaded with examples/sandbox/videokit.yaml (optionally edited), a kubeconfig, and a connection.</summary>
internal sealed class VideokitSandbox : IAsyncDisposable
{
    private readonly string directory;

    private VideokitSandbox(SandboxCluster cluster, string directory, string kubeconfig)
    {
        Cluster = cluster;
        this.directory = directory;
        Kubeconfig = kubeconfig;
        Connection = ConnectionResolver.Resolve(new ConnectionRequest { Context = "sandbox", Kubeconfig = kubeconfig, RequireExplicitContext = true });
    }

    public SandboxCluster Cluster { get; }

    public string Kubeconfig { get; }

    public string Directory => directory;

    public ClusterConnection Connection { get; }

    public static string RepoRoot { get; } = FindRoot();

    public static async Task<VideokitSandbox> StartAsync(Func<string, string>? edit = null)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepoRoot, "examples", "sandbox", "videokit.yaml"));
        if (edit is not null)
        {
            text = edit(text);
        }

        var scenario = ScenarioLoader.Parse(text, "videokit.yaml");
        var cluster = SandboxCluster.Create();
        scenario.ApplyTo(cluster);
        await cluster.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "rbd-rollback-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var kubeconfig = cluster.WriteKubeconfig(Path.Combine(dir, "kubeconfig"), "sandbox");
        return new VideokitSandbox(cluster, dir, kubeconfig);
    }

    public static ClusterRollbackFactory Factory(RollbackExecutorKind kind = RollbackExecutorKind.Sandbox, string? helmPath = null) => new(kind, helmPath);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RollbackDrill.psd1")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
