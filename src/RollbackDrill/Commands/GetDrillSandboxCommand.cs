using System.Management.Automation;
using RollbackDrill.Engine.Sandbox;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>Lists the sandbox clusters running in this session.</summary>
[Cmdlet(VerbsCommon.Get, "DrillSandbox")]
[OutputType(typeof(DrillSandbox))]
public sealed class GetDrillSandboxCommand : DrillCmdlet
{
    /// <summary>Names to show; wildcards allowed. Omitted: every running sandbox.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SandboxNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var names = SandboxNameCompleter.Resolve(Name, out var unmatched);
        foreach (var sandbox in SandboxService.List().Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase)))
        {
            WriteObject(sandbox);
        }

        foreach (var missing in unmatched)
        {
            WriteDrillError(new DrillException(ErrorIds.SandboxNotFound, DrillErrorKind.ObjectNotFound, $"No sandbox named '{missing}' is running in this session.", missing));
        }
    }
}
