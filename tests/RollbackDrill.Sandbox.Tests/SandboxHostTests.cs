using System.Diagnostics;
using RollbackDrill.Sandbox.Tests.Infrastructure;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>The command-line host: --scenario FILE --kubeconfig OUT prints one ready line and serves kubectl.</summary>
public sealed class SandboxHostTests
{
    private static string HostDll => System.IO.Path.Combine(AppContext.BaseDirectory, "RollbackDrill.Sandbox.Host.dll");

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "RollbackDrill.sln")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine([dir!.FullName, .. parts]);
    }

    [KubectlFact]
    public async Task ServesTheVideokitScenarioToKubectl()
    {
        var kubeconfig = System.IO.Path.Combine(Directory.CreateTempSubdirectory("rbd-host-").FullName, "config");
        using var host = Start("--scenario", RepoFile("examples", "sandbox", "videokit.yaml"), "--kubeconfig", kubeconfig);
        try
        {
            var line = await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.Contains("http://127.0.0.1:", line);
            Assert.True(File.Exists(kubeconfig));

            // The kubeconfig's context namespace is the scenario's first namespace, so no -n is needed.
            var r = await Kubectl.RunAsync(kubeconfig, "get", "deploy", "-o", "name");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("deployment.apps/videokit-api", r.Stdout);
            Assert.Contains("deployment.apps/videokit-worker", r.Stdout);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task AMalformedScenarioExitsTwoNamingTheFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-host-bad-").FullName;
        var scenario = System.IO.Path.Combine(dir, "bad.yaml");
        await File.WriteAllTextAsync(scenario, "apiVersion: sandbox.rollbackdrill.io/v1\nkind: Scenario\nspec:\n  releases: 5\n");
        using var host = Start("--scenario", scenario, "--kubeconfig", System.IO.Path.Combine(dir, "config"));
        var stderr = await host.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, host.ExitCode);
        Assert.Contains(scenario, stderr);
        Assert.Matches(@":\d+:\d+:", stderr);
        Assert.False(File.Exists(System.IO.Path.Combine(dir, "config")), "no kubeconfig is written for a scenario that did not load");
    }

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(HostDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }
}
