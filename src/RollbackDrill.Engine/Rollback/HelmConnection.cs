namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// What helm is told about the cluster: the context (always explicit), the kubeconfig file (--kubeconfig, when the
/// connection came from exactly one file) and a KUBECONFIG list (when it came from several files).
/// </summary>
public sealed record HelmConnection(string Context, string? Kubeconfig, string? KubeconfigList)
{
    /// <summary>From a resolved connection's info: Source is the kubeconfig path(s) it was read from, or "in-cluster".</summary>
    public static HelmConnection From(DrillContextInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var source = info.Source;
        if (string.IsNullOrEmpty(source) || source == "in-cluster")
        {
            return new HelmConnection(info.Context, null, null);
        }

        return source.Contains(Path.PathSeparator, StringComparison.Ordinal)
            ? new HelmConnection(info.Context, null, source)
            : new HelmConnection(info.Context, source, null);
    }
}
