using k8s.Models;

namespace RollbackDrill.Engine.Tests.Rules;

/// <summary>Small builders for the objects the rules tests feed in.</summary>
internal static class K8sObjects
{
    public static V1Deployment Deployment(long generation, int? specReplicas, V1DeploymentStatus? status, string name = "foo", string ns = "bar") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "8764ae47-9092-11e4-8393-42010af018ff", Generation = generation },
        Spec = new V1DeploymentSpec { Replicas = specReplicas, Selector = new V1LabelSelector(), Template = new V1PodTemplateSpec() },
        Status = status,
    };

    public static V1StatefulSet StatefulSet(long generation, V1StatefulSetUpdateStrategy strategy, V1StatefulSetStatus status, int replicas = 3) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = new V1ObjectMeta { Name = "foo", NamespaceProperty = "default", Generation = generation, Labels = new Dictionary<string, string> { ["a"] = "b" } },
        Spec = new V1StatefulSetSpec
        {
            PodManagementPolicy = "OrderedReady",
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } },
            UpdateStrategy = strategy,
            Template = new V1PodTemplateSpec(),
        },
        Status = status,
    };

    public static V1DaemonSet DaemonSet(long generation, string strategy, V1DaemonSetStatus? status) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta { Name = "foo", NamespaceProperty = "bar", Generation = generation },
        Spec = new V1DaemonSetSpec { UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = strategy }, Selector = new V1LabelSelector(), Template = new V1PodTemplateSpec() },
        Status = status,
    };

    public static V1PodTemplateSpec Template(string image, string? hash = null, IDictionary<string, string>? labels = null)
    {
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string> { ["app"] = "web" });
        if (hash is not null)
        {
            allLabels["pod-template-hash"] = hash;
        }

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = allLabels },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
        };
    }
}
