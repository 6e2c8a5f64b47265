using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RollbackDrill.Tests.Infrastructure;

/// <summary>The outcome of one script run in a module runspace: output, every stream, and the errors.</summary>
public static class PsObjectExtensions
{
    public static object? Prop(this PSObject o, string name) => o.Properties[name]?.Value;

    public static string? Str(this PSObject o, string name) => o.Properties[name]?.Value?.ToString();
}

public sealed record PsResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<ProgressRecord> Progress,
    RuntimeException? Terminating)
{
    public IEnumerable<ErrorRecord> AllErrors => Terminating?.ErrorRecord is { } t ? Errors.Append(t) : Errors;

    /// <summary>The one output object, asserted to be of the named RollbackDrill type (tests do not reference the module's assemblies).</summary>
    public PSObject One(string typeName)
    {
        var o = Assert.Single(Output);
        Assert.Equal(typeName, o.BaseObject.GetType().FullName);
        return o;
    }
}

/// <summary>
/// A fresh PowerShell runspace (System.Management.Automation 7.6 from the PowerShell SDK) that has imported the
/// built RollbackDrill.psd1 from the repository root, as a user would.
/// </summary>
public sealed class ModuleRunspace : IDisposable
{
    private readonly Runspace runspace;

    public ModuleRunspace(IDictionary<string, string?>? environment = null, bool import = true)
    {
        var iss = InitialSessionState.CreateDefault2();
        runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                SetEnvironment(name, value);
            }
        }

        if (import)
        {
            var result = Invoke("Import-Module $args[0] -ErrorAction Stop -PassThru", RepoPaths.Manifest);
            if (result.Terminating is not null || result.Errors.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Import-Module {RepoPaths.Manifest} failed (run 'dotnet build' first): {result.AllErrors.FirstOrDefault()}");
            }
        }
    }

    /// <summary>Sets a variable in the runspace's environment provider (the process environment: use names unique to a test).</summary>
    public void SetEnvironment(string name, string? value) =>
        Invoke("if ($null -eq $args[1]) { Remove-Item -Path ('env:' + $args[0]) -ErrorAction Ignore } else { Set-Item -Path ('env:' + $args[0]) -Value $args[1] }", name, value);

    public PsResult Invoke(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var a in args)
        {
            ps.AddArgument(a);
        }

        Collection<PSObject> output = [];
        RuntimeException? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }

        return new PsResult(
            output.Where(o => o is not null).ToList(),
            ps.Streams.Error.ToList(),
            ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Progress.ToList(),
            terminating);
    }

    /// <summary>Runs a script with named values bound as $vars.</summary>
    public PsResult InvokeWith(string script, IDictionary vars)
    {
        foreach (DictionaryEntry e in vars)
        {
            runspace.SessionStateProxy.SetVariable((string)e.Key, e.Value);
        }

        return Invoke(script);
    }

    public void Dispose() => runspace.Dispose();
}

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "RollbackDrill.psd1");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RollbackDrill.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RollbackDrill.sln not found above " + AppContext.BaseDirectory);
    }
}
