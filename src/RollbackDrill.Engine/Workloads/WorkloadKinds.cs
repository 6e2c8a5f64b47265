namespace RollbackDrill.Engine.Workloads;

/// <summary>The workload kinds RollbackDrill waits for, and the names users may type for them.</summary>
public static class WorkloadKinds
{
    public const string Deployment = "Deployment";
    public const string StatefulSet = "StatefulSet";
    public const string DaemonSet = "DaemonSet";

    /// <summary>The kinds a Helm release's workloads are looked up as, in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Deployment, StatefulSet, DaemonSet];

    /// <summary>
    /// The canonical kind for what kubectl accepts as a resource name: kind, plural, short name (deploy, sts, ds),
    /// optionally with the group (deployments.apps), case-insensitive. Null when not a workload kind.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToUpperInvariant();
        if (t.EndsWith(".APPS", StringComparison.Ordinal))
        {
            t = t[..^5];
        }

        return t switch
        {
            "DEPLOYMENT" or "DEPLOYMENTS" or "DEPLOY" => Deployment,
            "STATEFULSET" or "STATEFULSETS" or "STS" => StatefulSet,
            "DAEMONSET" or "DAEMONSETS" or "DS" => DaemonSet,
            _ => null,
        };
    }

    /// <summary>The API resource (plural) of a kind, as RBAC and kubectl name it.</summary>
    public static string Resource(string kind) => kind switch
    {
        Deployment => "deployments.apps",
        StatefulSet => "statefulsets.apps",
        DaemonSet => "daemonsets.apps",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a workload kind."),
    };

    /// <summary>kubectl's lower-case kind used in messages ("deployment", "statefulset", "daemonset").</summary>
    public static string Lower(string kind) => kind.ToLowerInvariant();
}
