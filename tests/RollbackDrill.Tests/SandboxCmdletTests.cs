using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

public sealed class SandboxCmdletTests
{
    private static string Videokit => Path.Combine(RepoPaths.Root, "examples", "sandbox", "videokit.yaml");

    [Fact]
    public async Task StartsTheVideokitScenarioAndGetDrillContextReachesItThroughTheKubeconfig()
    {
        using var ps = new ModuleRunspace();
        var name = "sbx-" + Guid.NewGuid().ToString("n")[..8];
        try
        {
            var sandbox = ps.Invoke("Start-DrillSandbox $args[0] -Name $args[1]", Videokit, name).One("RollbackDrill.DrillSandbox");
            Assert.Equal(name, sandbox.Str("Context"));
            Assert.StartsWith("http://127.0.0.1:", sandbox.Str("Server"), StringComparison.Ordinal);
            var kubeconfig = sandbox.Str("Kubeconfig")!;
            Assert.True(File.Exists(kubeconfig));
            Assert.Contains("videokit/videokit-api", (IEnumerable<string>)sandbox.Prop("Releases")!);

            var ctx = ps.Invoke("Get-DrillContext -Kubeconfig $args[0] -Context $args[1]", kubeconfig, name).One("RollbackDrill.DrillContextInfo");
            Assert.Equal(sandbox.Str("Server"), ctx.Str("Server"));
            Assert.Equal("videokit", ctx.Str("Namespace"));

            // The sandbox answers as a Kubernetes API server.
            using var http = new HttpClient();
            var version = await http.GetStringAsync(new Uri(new Uri(sandbox.Str("Server")!), "/version"));
            Assert.Contains("gitVersion", version);

            var listed = ps.Invoke("Get-DrillSandbox -Name $args[0]", name);
            Assert.Equal(name, listed.One("RollbackDrill.DrillSandbox").Str("Name"));

            var stopped = ps.Invoke("Stop-DrillSandbox -Name $args[0] -PassThru", name);
            Assert.Empty(stopped.AllErrors);
            Assert.False(File.Exists(kubeconfig), "the temporary kubeconfig is removed on stop");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(new Uri(sandbox.Str("Server")!), "/version")));
        }
        finally
        {
            ps.Invoke("Stop-DrillSandbox -Name $args[0] -ErrorAction Ignore", name);
        }
    }

    [Fact]
    public void AMalformedScenarioNamesTheFileLineAndProblem()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-scn-").FullName, "bad.yaml");
        File.WriteAllText(path, "apiVersion: sandbox.rollbackdrill.io/v1\nkind: Scenario\nmetadata: {name: x}\nspec:\n  releases:\n    - name: a\n      revisions: {count: nope}\n");
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Start-DrillSandbox $args[0] -Name bad-scenario", path);
        var err = Assert.Single(r.AllErrors);
        Assert.StartsWith("SandboxScenarioInvalid,", err.FullyQualifiedErrorId);
        Assert.Contains(path, err.Exception.Message);
        Assert.Matches(@":\d+:\d+:", err.Exception.Message);
        Assert.Equal(path, err.TargetObject);
        Assert.DoesNotContain(ps.Invoke("Get-DrillSandbox").Output, o => o.Str("Name") == "bad-scenario");
    }

    [Fact]
    public void AnExistingKubeconfigIsNotOverwrittenWithoutForce()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-kc-").FullName, "mine");
        File.WriteAllText(path, "precious");
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Start-DrillSandbox -Name keep-mine -KubeconfigPath $args[0]", path);
        Assert.StartsWith("SandboxStartFailed,", Assert.Single(r.AllErrors).FullyQualifiedErrorId);
        Assert.Equal("precious", File.ReadAllText(path));
        try
        {
            var forced = ps.Invoke("Start-DrillSandbox -Name keep-mine -KubeconfigPath $args[0] -Force", path);
            Assert.Empty(forced.AllErrors);
            Assert.Contains("keep-mine", File.ReadAllText(path));
            ps.Invoke("Stop-DrillSandbox keep-mine");
            Assert.True(File.Exists(path), "a kubeconfig at a path the user chose is left in place");
        }
        finally
        {
            ps.Invoke("Stop-DrillSandbox -Name keep-mine -ErrorAction Ignore");
        }
    }

    [Fact]
    public void WhatIfStartsNothingAndStoppingAnUnknownSandboxIsANonTerminatingError()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Start-DrillSandbox -Name whatif-only -WhatIf; Get-DrillSandbox whatif-*");
        Assert.Empty(r.Output);
        var stop = ps.Invoke("Stop-DrillSandbox -Name no-such-sandbox, other-missing; 'after'");
        Assert.Equal(2, stop.Errors.Count);
        Assert.All(stop.Errors, e => Assert.StartsWith("SandboxNotFound,", e.FullyQualifiedErrorId));
        Assert.Equal("after", Assert.Single(stop.Output).ToString());
    }

    [Fact]
    public void PipedReleasesAreEachSearchedInTheirOwnNamespace()
    {
        using var ps = new ModuleRunspace();
        var name = "ns-" + Guid.NewGuid().ToString("n")[..8];
        try
        {
            var sb = ps.Invoke("Start-DrillSandbox $args[0] -Name $args[1]", Videokit, name).One("RollbackDrill.DrillSandbox");
            var r = ps.Invoke(
                "[pscustomobject]@{ Name = 'videokit-api'; Namespace = 'payments' }, [pscustomobject]@{ Name = 'videokit-api' } | " +
                "Get-ReleaseRevision -Kubeconfig $args[0] -Context $args[1] -Last 1",
                sb.Str("Kubeconfig"),
                name);
            // The first is looked for in 'payments' (not found); the second in the context's namespace, videokit.
            Assert.StartsWith("ReleaseNotFound,", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Contains("payments", r.Errors[0].Exception.Message);
            var rev = Assert.Single(r.Output);
            Assert.Equal("videokit", rev.Str("Namespace"));
            Assert.Equal(42, rev.Prop("Revision"));
        }
        finally
        {
            ps.Invoke("Stop-DrillSandbox -Name $args[0] -ErrorAction Ignore", name);
        }
    }
}
