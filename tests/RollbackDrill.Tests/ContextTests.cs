using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

public sealed class ContextTests
{
    [Fact]
    public void ShowsContextServerNamespaceAndUserButNeverTheToken()
    {
        var kubeconfig = TestKubeconfig.Write("prod-eu-west-1-admin", "https://10.0.0.1:6443", "videokit");
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Get-DrillContext -Kubeconfig $args[0]", kubeconfig);
        var ctx = r.One("RollbackDrill.DrillContextInfo");
        Assert.Equal("prod-eu-west-1-admin", ctx.Str("Context"));
        Assert.Equal("https://10.0.0.1:6443/", ctx.Str("Server"));
        Assert.Equal("videokit", ctx.Str("Namespace"));
        Assert.Equal("u1", ctx.Str("User"));
        Assert.Equal("Token", ctx.Str("AuthMethod"));
        Assert.Equal(false, ctx.Prop("IsExplicit"));

        // Nothing the user sees holds the token: not the object, not its formatted view, not verbose output.
        var text = ps.Invoke("Get-DrillContext -Kubeconfig $args[0] -Verbose *>&1 | Out-String -Width 400; Get-DrillContext -Kubeconfig $args[0] | Format-List * | Out-String -Width 400", kubeconfig);
        var all = string.Join("\n", text.Output.Select(o => o.ToString()));
        Assert.Contains("prod-eu-west-1-admin", all);
        Assert.DoesNotContain(TestKubeconfig.SecretToken, all);
    }

    [Fact]
    public void NamespaceParameterWinsOverTheContextNamespace()
    {
        var kubeconfig = TestKubeconfig.Write("a", "https://127.0.0.1:1", "videokit");
        using var ps = new ModuleRunspace();
        var ctx = ps.Invoke("Get-DrillContext -Kubeconfig $args[0] -Namespace other", kubeconfig).One("RollbackDrill.DrillContextInfo");
        Assert.Equal("other", ctx.Str("Namespace"));
    }

    [Fact]
    public void MissingKubeconfigIsAClearTerminatingErrorNotAStackTrace()
    {
        using var ps = new ModuleRunspace();
        var missing = Path.Combine(Path.GetTempPath(), "rbd-no-such-dir", "config");
        var r = ps.Invoke("Get-DrillContext -Kubeconfig $args[0]", missing);
        var err = Assert.Single(r.AllErrors);
        Assert.Equal("KubeconfigNotFound,RollbackDrill.Commands.GetDrillContextCommand", err.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, err.CategoryInfo.Category);
        Assert.Contains(missing, err.Exception.Message);
        Assert.Contains("-Kubeconfig", err.Exception.Message);
        Assert.DoesNotContain("   at ", err.Exception.Message);
    }

    [Fact]
    public void NoKubeconfigAnywhereSaysWhatToDo()
    {
        var emptyHome = Directory.CreateTempSubdirectory("rbd-home-").FullName;
        using var ps = new ModuleRunspace();
        // No -Kubeconfig, KUBECONFIG pointing nowhere, HOME without .kube: nothing to use.
        var r = ps.Invoke(
            "$env:KUBECONFIG = ''; $oldHome = $env:HOME; $env:HOME = $args[0]; " +
            "try { Get-DrillContext } finally { $env:HOME = $oldHome }",
            emptyHome);
        var err = Assert.Single(r.AllErrors);
        Assert.StartsWith("KubeconfigNotFound,", err.FullyQualifiedErrorId);
        Assert.Contains("Start-DrillSandbox", err.Exception.Message);
    }

    [Fact]
    public void UnknownContextListsTheKnownOnes()
    {
        var kubeconfig = TestKubeconfig.Write("a", "https://127.0.0.1:1", null, "b");
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Get-DrillContext -Kubeconfig $args[0] -Context nope", kubeconfig);
        var err = Assert.Single(r.AllErrors);
        Assert.StartsWith("ContextNotFound,", err.FullyQualifiedErrorId);
        Assert.Equal("nope", err.TargetObject);
        Assert.Contains("a, b", err.Exception.Message);
    }

    [Fact]
    public void MalformedKubeconfigIsInvalidData()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rbd-bad-").FullName, "config");
        File.WriteAllText(path, "clusters: [ this is : not : yaml");
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Get-DrillContext -Kubeconfig $args[0]", path);
        var err = Assert.Single(r.AllErrors);
        Assert.StartsWith("KubeconfigInvalid,", err.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, err.CategoryInfo.Category);
    }

    [Fact]
    public void MutatingCommandsRefuseTheImplicitCurrentContext()
    {
        var kubeconfig = TestKubeconfig.Write("prod", "https://127.0.0.1:1");
        using var ps = new ModuleRunspace();
        var refused = ps.Invoke("Get-DrillContext -Kubeconfig $args[0] -RequireExplicitContext", kubeconfig);
        var err = Assert.Single(refused.AllErrors);
        Assert.StartsWith("ContextRequired,", err.FullyQualifiedErrorId);
        Assert.Contains("KUBE_CONTEXT", err.Exception.Message);
        Assert.Contains("'prod'", err.Exception.Message);

        var named = ps.Invoke("Get-DrillContext -Kubeconfig $args[0] -Context prod -RequireExplicitContext", kubeconfig);
        Assert.True(named.One("RollbackDrill.DrillContextInfo").Prop("IsExplicit") is true);

        var fromEnv = ps.Invoke("$env:KUBE_CONTEXT = 'prod'; try { Get-DrillContext -Kubeconfig $args[0] -RequireExplicitContext } finally { $env:KUBE_CONTEXT = $null }", kubeconfig);
        Assert.True(fromEnv.One("RollbackDrill.DrillContextInfo").Prop("IsExplicit") is true);
    }

    [Fact]
    public void KubeconfigEnvironmentListIsMergedFirstWins()
    {
        var first = TestKubeconfig.Write("one", "https://127.0.0.1:1");
        var second = TestKubeconfig.Write("two", "https://127.0.0.1:2");
        using var ps = new ModuleRunspace();
        var r = ps.Invoke(
            "$env:KUBECONFIG = $args[0] + [IO.Path]::PathSeparator + $args[1]; " +
            "try { Get-DrillContext; Get-DrillContext -Context two } finally { $env:KUBECONFIG = $null }",
            first,
            second);
        Assert.Equal(["one", "two"], r.Output.Select(o => o.Str("Context") ?? string.Empty).ToArray());
    }

    [Fact]
    public void ContextCompletionOffersTheKubeconfigContexts()
    {
        var kubeconfig = TestKubeconfig.Write("prod-eu-west-1-admin", "https://127.0.0.1:1", null, "staging", "prod-us");
        using var ps = new ModuleRunspace();
        var script = $"Get-DrillContext -Kubeconfig '{kubeconfig}' -Context prod";
        var r = ps.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", script);
        Assert.Equal(["prod-eu-west-1-admin", "prod-us"], r.Output.Select(o => o.ToString()).Order().ToArray());
    }
}
