using System.Management.Automation;
using System.Reflection;

namespace RollbackDrill.Bench;

/// <summary>
/// Known defect found by this benchmark (branch `rollback` merged): Invoke-Rollback/Get-RollbackPlan expose engine
/// enums (RollbackExecutorKind, HelmWaitStrategy) as parameter types, and PowerShell resolves them while importing
/// the cmdlets, before the module's IModuleAssemblyInitializer has registered its resolver for
/// bin/Dependencies/RollbackDrill.Engine.dll, so Import-Module fails in a plain host. To measure anyway, the bench
/// runs the module's own initializer (ModuleInitializer.OnImport, the same bridge) just before Import-Module.
/// The run reports whether this was needed.
/// </summary>
internal static class ImportWorkaround
{
    private static readonly Lock Gate = new();
    private static bool applied;

    public static bool Used { get; private set; }

    /// <summary>Imports the module; if the plain import fails on the engine assembly, applies the bridge and retries once.</summary>
    public static void Import(BenchRunspace rs, string manifest)
    {
        var first = rs.Invoke("Import-Module $args[0] -ErrorAction Stop", manifest);
        if (first.Errors.Count == 0)
        {
            return;
        }

        if (!first.Errors[0].ToString().Contains("RollbackDrill.Engine", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Import-Module failed: " + first.Errors[0]);
        }

        Apply();
        rs.ImportModule(manifest);
    }

    public static void Apply()
    {
        lock (Gate)
        {
            if (applied)
            {
                return;
            }

            // PowerShell loads a binary module with Assembly.LoadFrom: the same assembly instance it then imports.
            var module = Assembly.LoadFrom(Path.Combine(RepoPaths.Root, "bin", "RollbackDrill.dll"));
            var type = module.GetType("RollbackDrill.Infrastructure.ModuleInitializer", throwOnError: true)!;
            var initializer = (IModuleAssemblyInitializer)Activator.CreateInstance(type)!;
            initializer.OnImport();
            applied = true;
            Used = true;
        }
    }
}
