using System.Management.Automation;
using RollbackDrill.Completers;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// The read cmdlets' release selection (Get-ReleaseRevision, Get-ReleaseStatus): -Name with wildcards, -Namespace or
/// -AllNamespaces, in the Name set; the InputObject set (a piped object to read again) is declared by each cmdlet.
/// </summary>
public abstract class ReleaseQueryCmdlet : ReleaseCmdlet
{
    protected const string NameSet = "Name";
    protected const string InputObjectSet = "InputObject";

    /// <summary>Release names; wildcards allowed. Omitted: every release in the namespace.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ReleaseNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    [Parameter(ParameterSetName = NameSet)]
    [Alias("A")]
    public SwitchParameter AllNamespaces { get; set; }

    protected override string? RequestedNamespace => AllNamespaces ? null : Namespace;
}
