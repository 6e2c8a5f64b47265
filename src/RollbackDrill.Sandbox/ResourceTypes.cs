namespace RollbackDrill.Sandbox;

/// <summary>The resources the sandbox serves, as the real API server's discovery lists them.</summary>
public static class ResourceTypes
{
    private static readonly string[] None = [];
    private static readonly string[] All = ["all"];

    public static ResourceType Namespaces { get; } = new("namespaces", "namespace", "Namespace", "", "v1", false, ["ns"], None, true, false, false);
    public static ResourceType Secrets { get; } = new("secrets", "secret", "Secret", "", "v1", true, None, None, false, false, false);
    public static ResourceType ConfigMaps { get; } = new("configmaps", "configmap", "ConfigMap", "", "v1", true, ["cm"], None, false, false, false);
    public static ResourceType Pods { get; } = new("pods", "pod", "Pod", "", "v1", true, ["po"], All, true, false, false);
    public static ResourceType Services { get; } = new("services", "service", "Service", "", "v1", true, ["svc"], All, true, false, false);
    public static ResourceType Events { get; } = new("events", "event", "Event", "", "v1", true, ["ev"], None, false, false, false);
    public static ResourceType Deployments { get; } = new("deployments", "deployment", "Deployment", "apps", "v1", true, ["deploy"], All, true, true, true);
    public static ResourceType ReplicaSets { get; } = new("replicasets", "replicaset", "ReplicaSet", "apps", "v1", true, ["rs"], All, true, true, true);
    public static ResourceType StatefulSets { get; } = new("statefulsets", "statefulset", "StatefulSet", "apps", "v1", true, ["sts"], All, true, true, true);
    public static ResourceType DaemonSets { get; } = new("daemonsets", "daemonset", "DaemonSet", "apps", "v1", true, ["ds"], All, true, false, true);
    public static ResourceType ControllerRevisions { get; } = new("controllerrevisions", "controllerrevision", "ControllerRevision", "apps", "v1", true, None, None, false, false, false);

    /// <summary>Every served resource.</summary>
    public static IReadOnlyList<ResourceType> Served { get; } =
    [
        Namespaces, Secrets, ConfigMaps, Pods, Services, Events,
        Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions,
    ];

    private static readonly Dictionary<string, ResourceType> ByResource =
        Served.ToDictionary(t => t.Resource, StringComparer.Ordinal);

    /// <summary>The type for a plural lowercase resource name, or null.</summary>
    public static ResourceType? Find(string resource) => ByResource.GetValueOrDefault(resource);

    /// <summary>The type for a resource name; unknown names throw a 404 ApiException.</summary>
    public static ResourceType Get(string resource) =>
        Find(resource) ?? throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({resource})");

    /// <summary>The type in a group/version, or null.</summary>
    public static ResourceType? Find(string group, string version, string resource) =>
        Find(resource) is { } t && t.Group == group && t.Version == version ? t : null;
}
