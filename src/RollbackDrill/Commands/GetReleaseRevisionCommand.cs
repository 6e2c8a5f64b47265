using System.Management.Automation;
using RollbackDrill.Completers;
using RollbackDrill.Engine.Services;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Helm release history as objects, read from Helm's storage (Secrets or ConfigMaps) through the Kubernetes API,
/// oldest revision first like <c>helm history</c>. Records are listed by their labels and only the ones output
/// are decoded. A corrupt record is a non-terminating error; the other revisions keep flowing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReleaseRevision", DefaultParameterSetName = NameSet)]
[OutputType(typeof(ReleaseRevision))]
public sealed class GetReleaseRevisionCommand : ReleaseQueryCmdlet
{
    /// <summary>A revision to read again (for instance with -IncludeValues): its name, namespace, revision and context.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ReleaseRevision[]? InputObject { get; set; }

    [Parameter(ParameterSetName = NameSet)]
    [ValidateRange(1, int.MaxValue)]
    public int[]? Revision { get; set; }

    /// <summary>The newest N revisions of each release (after -Revision and -Status).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    /// <summary>Helm statuses to keep (wildcards allowed): deployed, superseded, failed, pending-*, ...</summary>
    [Parameter(ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HelmStatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>Include the release's user-supplied values (Helm's config) in .Values. They may hold secrets; no default view shows them.</summary>
    [Parameter]
    public SwitchParameter IncludeValues { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var item in InputObject ?? [])
            {
                Context = string.IsNullOrEmpty(item.Context) ? Context : item.Context;
                Namespace = item.Namespace;
                Read(new ReleaseQuery { Names = [Escape(item.Name)], Namespace = item.Namespace, Revisions = [item.Revision] });
            }

            return;
        }

        Read(new ReleaseQuery
        {
            Names = Name ?? [],
            Namespace = AllNamespaces ? null : EffectiveNamespace,
            Revisions = Revision ?? [],
            Statuses = Status ?? [],
            Last = MyInvocation.BoundParameters.ContainsKey(nameof(Last)) ? Last : null,
        });
    }

    private static string Escape(string name) => WildcardPattern.Escape(name);

    private void Read(ReleaseQuery query)
    {
        var reader = Reader();
        query = query with { Context = reader.Context, IncludeValues = IncludeValues };
        RunAndWrite<ReleaseRevision>("Get-ReleaseRevision", p => reader.History.GetRevisionsAsync(query, CancellationToken, p));
    }
}
