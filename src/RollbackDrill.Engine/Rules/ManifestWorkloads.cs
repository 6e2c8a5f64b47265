namespace RollbackDrill.Engine.Rules;

/// <summary>
/// The workloads a Helm manifest deploys that kubectl rollout status can watch (Deployment, StatefulSet, DaemonSet
/// of apps/v1 or extensions/v1beta1), in manifest order. A plan shows these beside the ones found in the cluster by
/// the app.kubernetes.io/instance label.
/// </summary>
public static class ManifestWorkloads
{
    public static IReadOnlyList<ManifestObjectKey> List(string? manifest, string? defaultNamespace = null) =>
        ManifestDiff.Parse(manifest, defaultNamespace, "manifest")
            .Select(p => p.Key)
            .Where(IsWatchable)
            .ToList();

    /// <summary>kubectl StatusViewerFor's kinds.</summary>
    public static bool IsWatchable(ManifestObjectKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var group = key.ApiVersion.Contains('/', StringComparison.Ordinal) ? key.ApiVersion[..key.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        return (group, key.Kind) switch
        {
            ("apps" or "extensions", "Deployment" or "DaemonSet") => true,
            ("apps", "StatefulSet") => true,
            _ => false,
        };
    }
}
