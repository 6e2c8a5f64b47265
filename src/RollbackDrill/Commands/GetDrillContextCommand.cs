using System.Management.Automation;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Shows which context, cluster, server, namespace and user a RollbackDrill command would use, and where that
/// came from. Credentials are never shown: only the kind of credential.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrillContext")]
[OutputType(typeof(DrillContextInfo))]
public sealed class GetDrillContextCommand : ClusterCmdlet
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    /// <summary>Fail as a mutating command would when the context was not named explicitly.</summary>
    [Parameter]
    public SwitchParameter RequireExplicitContext { get; set; }

    protected override bool RequiresExplicitContext => RequireExplicitContext.IsPresent;

    protected override string? RequestedNamespace => Namespace;

    protected override void ProcessRecord() => WriteObject(Connection.Info);
}
