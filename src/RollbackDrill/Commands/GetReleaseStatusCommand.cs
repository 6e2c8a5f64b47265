using System.Management.Automation;
using RollbackDrill.Completers;
using RollbackDrill.Engine.Services;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// The state of releases now, like <c>helm status</c> plus <c>kubectl get</c>: the newest revision (chart, app
/// version, images, git commit), the workloads labelled app.kubernetes.io/instance=&lt;release&gt; with their
/// ready/updated/available counts and Deployment revision, and pod counts (the pods themselves with -IncludePods).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReleaseStatus", DefaultParameterSetName = NameSet)]
[OutputType(typeof(ReleaseStatus))]
public sealed class GetReleaseStatusCommand : ReleaseQueryCmdlet
{
    /// <summary>A status to read again (for instance after a rollback): its release, namespace and context.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ReleaseStatus[]? InputObject { get; set; }

    /// <summary>List the release's pods (name, phase, ready, restarts, age) in .Pods.</summary>
    [Parameter]
    public SwitchParameter IncludePods { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var item in InputObject ?? [])
            {
                Context = string.IsNullOrEmpty(item.Context) ? Context : item.Context;
                Namespace = item.Namespace;
                Read(new ReleaseQuery { Names = [WildcardPattern.Escape(item.Name)], Namespace = item.Namespace });
            }

            return;
        }

        Read(new ReleaseQuery { Names = Name ?? [], Namespace = AllNamespaces ? null : EffectiveNamespace });
    }

    private void Read(ReleaseQuery query)
    {
        var reader = Reader();
        query = query with { Context = reader.Context };
        RunAndWrite<ReleaseStatus>("Get-ReleaseStatus", p => reader.Status.GetStatusAsync(query, IncludePods, CancellationToken, p));
    }
}
