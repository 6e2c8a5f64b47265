using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// The bridge of PowerShell's "Resolving PowerShell module assembly dependency conflicts" pattern: when the
/// default load context cannot find the engine, answer it from our private <see cref="DependencyLoadContext"/>,
/// which loads the engine and its third-party assemblies (KubernetesClient, YamlDotNet, ...) from
/// bin/Dependencies. Other modules' versions of those libraries never meet ours.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string DependencyDirectory = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? AppContext.BaseDirectory,
        "Dependencies");

    private static readonly HashSet<string> EngineAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "RollbackDrill.Engine",
        "RollbackDrill.Sandbox",
    };

    private static int registered;

    public void OnImport() => Register();

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        Interlocked.Exchange(ref registered, 0);
    }

    /// <summary>
    /// Runs when the runtime first loads this assembly, before PowerShell reflects over the cmdlets' parameter
    /// types during Import-Module (which happens before <see cref="OnImport"/>); so a parameter typed with an engine
    /// type can never fail to resolve.
    /// </summary>
#pragma warning disable CA2255 // A binary module must hook assembly resolution before PowerShell inspects its types.
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        // Only the engine is answered for; everything it needs is then found by the private context itself.
        return name.Name is not null && EngineAssemblies.Contains(name.Name)
            ? DependencyLoadContext.Get(DependencyDirectory).LoadFromAssemblyName(name)
            : null;
    }
}
