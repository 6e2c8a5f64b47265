using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RollbackDrill.Bench;

/// <summary>
/// A PowerShell 7.6 runspace (Microsoft.PowerShell.SDK) as the module's tests host one: CreateDefault2, then
/// Import-Module of the built RollbackDrill.psd1 at the repository root (see tests/RollbackDrill.Tests/Infrastructure/ModuleRunspace.cs).
/// </summary>
internal sealed class BenchRunspace : IDisposable
{
    private readonly Runspace runspace;

    public BenchRunspace()
    {
        runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
    }

    public sealed record Outcome(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<ProgressRecord> Progress);

    public Outcome Invoke(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var a in args)
        {
            ps.AddArgument(a);
        }

        var output = ps.Invoke();
        return new Outcome(output, ps.Streams.Error.ToList(), ps.Streams.Progress.ToList());
    }

    /// <summary>Invokes and fails loudly on any error record: a benchmark of a failing call measures nothing.</summary>
    public Collection<PSObject> InvokeChecked(string script, params object?[] args)
    {
        var o = Invoke(script, args);
        if (o.Errors.Count > 0)
        {
            throw new InvalidOperationException($"'{script}' wrote {o.Errors.Count} error(s); first: {o.Errors[0]}");
        }

        return o.Output;
    }

    public void ImportModule(string manifest) => InvokeChecked("Import-Module $args[0] -ErrorAction Stop", manifest);

    public void Dispose() => runspace.Dispose();
}
