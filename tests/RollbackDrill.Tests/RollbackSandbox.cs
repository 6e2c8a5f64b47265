using System.Reflection;
using System.Runtime.Loader;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>
/// The sandbox cluster loaded with examples/sandbox/videokit.yaml (optionally edited), started in this test process
/// from the built module's bin/Dependencies in a load context of its own (this project does not reference the
/// module's assemblies and pins an older YamlDotNet), reached through reflection for setup and the request log.
/// </summary>
public sealed class RollbackSandbox : IAsyncDisposable
{
    public const string Context = "sandbox";

    private static readonly Lazy<Assembly> SandboxAssembly = new(() =>
    {
        var dir = Path.Combine(RepoPaths.Root, "bin", "Dependencies");
        return new PrivateContext(dir).LoadFromAssemblyPath(Path.Combine(dir, "RollbackDrill.Sandbox.dll"));
    });

    private readonly object cluster;

    private RollbackSandbox(object cluster, string kubeconfig, string directory)
    {
        this.cluster = cluster;
        Kubeconfig = kubeconfig;
        Directory = directory;
    }

    public string Kubeconfig { get; }

    public string Directory { get; }

    /// <summary>The SandboxCluster object (in its own load context: reach it through reflection), for the fault tests.</summary>
    public object Cluster => cluster;

    public static async Task<RollbackSandbox> StartAsync(Func<string, string>? edit = null)
    {
        var asm = SandboxAssembly.Value;
        var text = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "examples", "sandbox", "videokit.yaml"));
        text = edit?.Invoke(text) ?? text;
        var loader = asm.GetType("RollbackDrill.Sandbox.Scenario.ScenarioLoader", throwOnError: true)!;
        var scenario = loader.GetMethod("Parse")!.Invoke(null, [text, "videokit.yaml"])!;
        var type = asm.GetType("RollbackDrill.Sandbox.SandboxCluster", throwOnError: true)!;
        var cluster = type.GetMethod("Create")!.Invoke(null, [null])!;
        scenario.GetType().GetMethod("ApplyTo")!.Invoke(scenario, [cluster]);
        await (Task)type.GetMethod("StartAsync")!.Invoke(cluster, [0, CancellationToken.None])!;
        var dir = System.IO.Directory.CreateTempSubdirectory("rbd-rollback-").FullName;
        // current-context is set, so only RequiresExplicitContext stands between a mutation and this cluster.
        var kubeconfig = (string)type.GetMethod("WriteKubeconfig")!.Invoke(cluster, [Path.Combine(dir, "kubeconfig"), Context, null])!;
        return new RollbackSandbox(cluster, kubeconfig, dir);
    }

    /// <summary>Requests (any method) answered since <paramref name="since"/>.</summary>
    public int RequestsSince(DateTimeOffset since) => Count("Since", since);

    /// <summary>Writes (POST/PUT/PATCH/DELETE) answered since <paramref name="since"/>.</summary>
    public int WritesSince(DateTimeOffset since) => Count("WritesSince", since);

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)cluster).DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private int Count(string method, DateTimeOffset since)
    {
        var log = cluster.GetType().GetProperty("Log")!.GetValue(cluster)!;
        return ((System.Collections.ICollection)log.GetType().GetMethod(method)!.Invoke(log, [since])!).Count;
    }

    private sealed class PrivateContext(string directory) : AssemblyLoadContext("rollback-tests-sandbox")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
