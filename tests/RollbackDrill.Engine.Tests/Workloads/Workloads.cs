using k8s.Models;

namespace RollbackDrill.Engine.Tests.Workloads;

/// <summary>Builders for workloads in the states the deployment controller reports.</summary>
internal static class Workloads
{
    public const string Release = "videokit-api";

    /// <summary>A Deployment whose controller observed generation <paramref name="observed"/> and reports the counters (zero counters omitted, as the API does).</summary>
    public static V1Deployment Deployment(string name, int replicas, int updated, int available, long generation = 2, long observed = 2, string? progressReason = null, string release = Release) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "videokit",
            Generation = generation,
            Uid = "uid-" + name,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = release, ["app"] = name },
            Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "5" },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, "registry/videokit:1.0.1"),
        },
        Status = new V1DeploymentStatus
        {
            ObservedGeneration = observed,
            Replicas = updated == 0 ? null : updated,
            UpdatedReplicas = updated == 0 ? null : updated,
            ReadyReplicas = available == 0 ? null : available,
            AvailableReplicas = available == 0 ? null : available,
            Conditions = progressReason is null ? null :
            [
                new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = progressReason, Message = $"ReplicaSet \"{name}-abc\" has timed out progressing." },
            ],
        },
    };

    public static V1PodTemplateSpec Template(string name, string image, string? hash = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Labels = hash is null
                ? new Dictionary<string, string> { ["app"] = name }
                : new Dictionary<string, string> { ["app"] = name, ["pod-template-hash"] = hash },
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "api", Image = image }] },
    };

    public static V1ReplicaSet ReplicaSet(V1Deployment owner, long revision, string image, string hash) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta
        {
            Name = $"{owner.Metadata.Name}-{hash}",
            NamespaceProperty = "videokit",
            Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture), ["team"] = "video" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true }],
        },
        Spec = new V1ReplicaSetSpec { Selector = owner.Spec.Selector, Template = Template(owner.Metadata.Name, image, hash) },
    };
}
