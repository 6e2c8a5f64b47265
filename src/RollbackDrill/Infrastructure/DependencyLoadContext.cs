using System.Reflection;
using System.Runtime.Loader;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// A private load context for bin/Dependencies. Assemblies present there load here; anything else (the
/// framework, System.Management.Automation, RollbackDrill.Model — the public types PowerShell sees) falls back
/// to the default context, so types shared with PowerShell have one identity.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static DependencyLoadContext? instance;
    private readonly string directory;

    private DependencyLoadContext(string directory)
        : base("RollbackDrill.Dependencies", isCollectible: false) => this.directory = directory;

    public static DependencyLoadContext Get(string directory)
    {
        lock (Gate)
        {
            return instance ??= new DependencyLoadContext(directory);
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || assemblyName.Name == "RollbackDrill.Model")
        {
            return null;
        }

        var path = Path.Combine(directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
