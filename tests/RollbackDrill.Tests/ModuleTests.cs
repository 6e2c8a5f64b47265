using System.Management.Automation;
using System.Text.RegularExpressions;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

public sealed class ModuleTests
{
    [Fact]
    public void ImportListsExactlyTheManifestCmdlets()
    {
        using var ps = new ModuleRunspace();
        var names = ps.Invoke("Get-Command -Module RollbackDrill | ForEach-Object Name").Output.Select(o => o.ToString()).Order().ToList();
        var exported = ps.Invoke("(Test-ModuleManifest $args[0]).ExportedCmdlets.Keys", RepoPaths.Manifest).Output.Select(o => o.ToString()).Order().ToList();
        Assert.Contains("Get-DrillContext", names);
        Assert.Equal(exported, names);
    }

    [Fact]
    public void ManifestPassesTestModuleManifestWithTheRequiredFields()
    {
        using var ps = new ModuleRunspace(import: false);
        var r = ps.Invoke("Test-ModuleManifest $args[0] -ErrorAction Stop", RepoPaths.Manifest);
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        var m = Assert.Single(r.Output);
        Assert.Equal(new Version(7, 4), (Version)m.Properties["PowerShellVersion"].Value);
        Assert.Equal(["Core"], ((IEnumerable<string>)m.Properties["CompatiblePSEditions"].Value).ToArray());
        var manifest = File.ReadAllText(RepoPaths.Manifest);
        Assert.DoesNotContain("*", Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value);
        Assert.Matches(@"FunctionsToExport\s*=\s*@\(\)", manifest);
        Assert.Matches(@"AliasesToExport\s*=\s*@\(\)", manifest);
        Assert.Matches(@"VariablesToExport\s*=\s*@\(\)", manifest);
    }

    [Fact]
    public void CmdletsToExportEqualsTheCmdletClassesInTheAssembly()
    {
        using var ps = new ModuleRunspace();
        // Every [Cmdlet] class in the built assembly, read through reflection in the runspace.
        var classes = ps.Invoke(
            "$asm = (Get-Module RollbackDrill).ImplementingAssembly; " +
            "$asm.GetTypes() | Where-Object { $_.IsPublic -and -not $_.IsAbstract } | ForEach-Object { " +
            "  $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false); " +
            "  if ($a) { $a[0].VerbName + '-' + $a[0].NounName } }")
            .Output.Select(o => o.ToString()).Order().ToList();
        var manifest = File.ReadAllText(RepoPaths.Manifest);
        var listed = Regex.Matches(Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value, "'([^']+)'")
            .Select(m => m.Groups[1].Value).Order().ToList();
        Assert.NotEmpty(classes);
        Assert.Equal(classes, listed);
    }

    [Fact]
    public void ManifestVersionEqualsTheBuiltAssemblyVersion()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("$m = Get-Module RollbackDrill; '{0}|{1}' -f $m.Version, $m.ImplementingAssembly.GetName().Version");
        var parts = Assert.Single(r.Output).ToString().Split('|');
        Assert.Equal(parts[0], new Version(parts[1]).ToString(3));
    }

    [Fact]
    public void EveryCmdletUsesAnApprovedVerb()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke(
            "$approved = Get-Verb | ForEach-Object Verb; " +
            "Get-Command -Module RollbackDrill | Where-Object { $approved -notcontains $_.Verb } | ForEach-Object Name");
        Assert.Empty(r.Output);
    }

    [Fact]
    public void EngineAndItsThirdPartyAssembliesLoadPrivatelyBesideAnOlderYamlDotNet()
    {
        // This test process already has YamlDotNet 13 in the default load context (see the csproj).
        var old = typeof(YamlDotNet.Serialization.Deserializer).Assembly;
        Assert.Equal(13, old.GetName().Version!.Major);

        using var ps = new ModuleRunspace();
        // Exercising the engine loads KubernetesClient and YamlDotNet 18 (a kubeconfig is parsed).
        var kubeconfig = TestKubeconfig.Write("ctx-a", "https://127.0.0.1:6443");
        var ctx = ps.Invoke("Get-DrillContext -Kubeconfig $args[0]", kubeconfig).One("RollbackDrill.DrillContextInfo");
        Assert.Equal("ctx-a", ctx.Str("Context"));

        var contexts = System.Runtime.Loader.AssemblyLoadContext.All
            .SelectMany(c => c.Assemblies.Select(a => (Context: c.Name, Name: a.GetName())))
            .Where(a => a.Name.Name is "YamlDotNet" or "KubernetesClient" or "RollbackDrill.Engine")
            .ToList();
        Assert.Contains(contexts, a => a.Name.Name == "YamlDotNet" && a.Name.Version!.Major == 13 && a.Context == "Default");
        Assert.Contains(contexts, a => a.Name.Name == "YamlDotNet" && a.Name.Version!.Major >= 16 && a.Context == "RollbackDrill.Dependencies");
        Assert.All(contexts.Where(a => a.Name.Name != "YamlDotNet"), a => Assert.Equal("RollbackDrill.Dependencies", a.Context));
        // The public model is shared with PowerShell: one identity, in the default context.
        Assert.Equal("Default", System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(ctx.BaseObject.GetType().Assembly)!.Name);
    }
}
