using System.Management.Automation;
using RollbackDrill.Engine.Connection;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// The shared connection model: -Context, -Kubeconfig (default $env:KUBECONFIG, then ~/.kube/config, then the
/// in-cluster service account) and -Namespace. Mutating cmdlets set <see cref="RequiresExplicitContext"/>:
/// they refuse to run on a context that was not named (parameter or $env:KUBE_CONTEXT).
/// </summary>
public abstract class ClusterCmdlet : DrillCmdlet
{
    private readonly Dictionary<string, ClusterConnection> connections = new(StringComparer.Ordinal);

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContextCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>Whether this cmdlet changes the cluster (and so needs a named context).</summary>
    protected virtual bool RequiresExplicitContext => false;

    /// <summary>The namespace asked for on this record, if any (the derived cmdlet declares -Namespace).</summary>
    protected virtual string? RequestedNamespace => null;

    /// <summary>
    /// Resolves the connection once per (context, kubeconfig, namespace): they can come from piped objects, so one call
    /// may span contexts. A failure is a terminating setup error.
    /// </summary>
    protected ClusterConnection Connection => ConnectionFor(Context, Kubeconfig, RequestedNamespace);

    /// <summary>The connection for a context, kubeconfig path and namespace carried by an input object (same rules and cache as <see cref="Connection"/>).</summary>
    protected ClusterConnection ConnectionFor(string? context, string? kubeconfigPath, string? requestedNamespace)
    {
        var key = $"{context}\n{kubeconfigPath}\n{requestedNamespace}";
        if (!connections.TryGetValue(key, out var connection))
        {
            var kubeconfig = kubeconfigPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(kubeconfigPath);
            try
            {
                connection = ConnectionResolver.Resolve(
                    ConnectionRequest.FromEnvironment(context, kubeconfig, requestedNamespace, RequiresExplicitContext));
            }
            catch (DrillException ex)
            {
                ThrowDrillError(ex);
                throw; // not reached: ThrowTerminatingError throws.
            }

            connections[key] = connection;
            WriteVerbose($"Using context '{connection.Info.Context}' ({connection.Info.Server}) from {connection.Info.Source}.");
        }

        return connection;
    }

    /// <summary>The namespace for this record: -Namespace, else the context's namespace, else "default".</summary>
    protected string EffectiveNamespace => RequestedNamespace is { Length: > 0 } ns ? ns : Connection.Namespace;
}
