using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Drills;

/// <summary>Name rules the drill validator checks before anything touches a cluster.</summary>
internal static partial class DrillNames
{
    // Kubernetes namespace names are DNS-1123 labels: lowercase alphanumerics and '-', at most 63 characters.
    public static bool IsNamespace(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    // helm (pkg/chartutil ValidateReleaseName): at most 53 characters, DNS-1123 subdomain style.
    public static bool IsReleaseName(string name) => name.Length <= 53 && ReleaseName().IsMatch(name);

    // kubectl TYPE/NAME for the workloads a step may touch; names are DNS-1123 subdomains.
    public static bool IsWorkloadReference(string text, bool deploymentOnly)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        var kind = text[..slash].ToLowerInvariant();
        var name = text[(slash + 1)..];
        var kindOk = deploymentOnly
            ? kind is "deployment" or "deploy" or "deployments"
            : kind is "deployment" or "deploy" or "deployments" or "statefulset" or "sts" or "statefulsets" or "replicaset" or "rs" or "replicasets";
        return kindOk && name.Length <= 253 && ReleaseName().IsMatch(name);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex ReleaseName();
}
