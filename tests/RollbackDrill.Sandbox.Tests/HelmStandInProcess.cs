using System.Diagnostics;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>Runs the helm stand-in (src/RollbackDrill.Sandbox.HelmStandIn, assembly helm.dll) as a process.</summary>
internal static class HelmStandInProcess
{
    public static string DllPath
    {
        get
        {
            // Same configuration as the tests (bin/Debug or bin/Release); the test project builds it first.
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(HelmTestPaths.RepoRoot, "src", "RollbackDrill.Sandbox.HelmStandIn", "bin", config, "net8.0", "helm.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("The helm stand-in is not built (the test project references it): " + path);
        }
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var v in new[] { "HELM_STANDIN_MAJOR", "HELM_STANDIN_LOG", "HELM_STANDIN_KILL", "HELM_DRIVER", "HELM_NAMESPACE", "HELM_KUBECONTEXT", "HELM_MAX_HISTORY", "KUBECONFIG" })
        {
            psi.Environment.Remove(v);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
