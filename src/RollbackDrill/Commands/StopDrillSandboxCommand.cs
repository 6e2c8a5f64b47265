using System.Management.Automation;
using RollbackDrill.Engine.Sandbox;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>Stops sandbox clusters started in this session and removes the kubeconfig files they created.</summary>
[Cmdlet(VerbsLifecycle.Stop, "DrillSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NameSet)]
[OutputType(typeof(DrillSandbox))]
public sealed class StopDrillSandboxCommand : DrillCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    /// <summary>Names of the sandboxes to stop; wildcards allowed. Omitted: every running sandbox.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SandboxNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Sandboxes from Start-DrillSandbox or Get-DrillSandbox.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public DrillSandbox[]? InputObject { get; set; }

    /// <summary>Return the stopped sandboxes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var unmatched = new List<string>();
        var names = ParameterSetName == InputObjectSet
            ? (InputObject ?? []).Select(s => s.Name).ToList()
            : SandboxNameCompleter.Resolve(Name, out unmatched);
        foreach (var missing in unmatched)
        {
            WriteDrillError(new DrillException(ErrorIds.SandboxNotFound, DrillErrorKind.ObjectNotFound, $"No sandbox named '{missing}' is running in this session. Get-DrillSandbox lists the running ones.", missing));
        }

        foreach (var name in names)
        {
            if (!ShouldProcess($"sandbox '{name}'", "Stop"))
            {
                continue;
            }

            try
            {
                var stopped = SandboxService.StopAsync(name).GetAwaiter().GetResult();
                if (PassThru)
                {
                    WriteObject(stopped);
                }
            }
            catch (DrillException ex)
            {
                WriteDrillError(ex, name);
            }
        }
    }
}
