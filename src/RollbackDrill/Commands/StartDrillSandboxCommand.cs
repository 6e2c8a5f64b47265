using System.Management.Automation;
using RollbackDrill.Engine.Sandbox;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Starts a local, Kubernetes-API-compatible sandbox cluster on 127.0.0.1 in this PowerShell session, loads a
/// scenario (namespaces, Helm releases with history, workloads, health endpoints, faults) and writes a kubeconfig
/// with one context named after the sandbox. The real kubectl and every RollbackDrill cmdlet work against it.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "DrillSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DrillSandbox))]
public sealed class StartDrillSandboxCommand : DrillCmdlet
{
    /// <summary>The scenario file (YAML, kind Scenario), e.g. examples/sandbox/videokit.yaml. Omitted: an empty cluster.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Path", "FullName")]
    [ValidateNotNullOrEmpty]
    public string? Scenario { get; set; }

    /// <summary>The sandbox's name, also the kubeconfig context name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Name { get; set; } = "sandbox";

    /// <summary>The loopback port to listen on; 0 (default) picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Where to write the kubeconfig. Default: a new temporary folder, removed by Stop-DrillSandbox.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeconfigPath { get; set; }

    /// <summary>Overwrite an existing file at -KubeconfigPath.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var scenario = Scenario is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Scenario);
        var kubeconfig = KubeconfigPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeconfigPath);
        var what = scenario is null ? "an empty cluster" : $"scenario '{scenario}'";
        if (!ShouldProcess($"sandbox '{Name}' on 127.0.0.1 with {what}", "Start"))
        {
            return;
        }

        try
        {
            var request = new SandboxStartRequest(Name, scenario, Port, kubeconfig, Force.IsPresent);
            var sandbox = SandboxService.StartAsync(request, CancellationToken).GetAwaiter().GetResult();
            WriteVerbose($"Sandbox '{sandbox.Name}' listens at {sandbox.Server}; kubeconfig {sandbox.Kubeconfig}, context {sandbox.Context}.");
            WriteObject(sandbox);
        }
        catch (DrillException ex)
        {
            WriteDrillError(ex);
        }
    }
}
