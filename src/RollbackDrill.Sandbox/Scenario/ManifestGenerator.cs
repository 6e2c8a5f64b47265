using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;

namespace RollbackDrill.Sandbox.Scenario;

/// <summary>Renders what a `helm create`-style chart would: a Service and a Deployment (or StatefulSet /
/// DaemonSet) per revision, with the chart's standard labels, as objects and as Helm's manifest text.</summary>
public static class ManifestGenerator
{
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string NameLabel = "app.kubernetes.io/name";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ReleaseNameAnnotation = "meta.helm.sh/release-name";
    public const string ReleaseNamespaceAnnotation = "meta.helm.sh/release-namespace";

    /// <summary>The objects of one revision's manifest, as the chart renders them (no namespace, no
    /// meta.helm.sh annotations: helm adds those when it applies, see <see cref="WithHelmOwnership"/>).</summary>
    public static IReadOnlyList<(string Source, JsonObject Object)> Render(ScenarioRelease release, ScenarioRevision revision)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(revision);
        var fullname = HelmNames.Fullname(release.Name, revision.ChartName);
        var selector = new JsonObject { [NameLabel] = revision.ChartName, [InstanceLabel] = release.Name };
        var labels = new JsonObject
        {
            ["helm.sh/chart"] = HelmNames.ChartLabel(revision.ChartName, revision.ChartVersion),
            [NameLabel] = revision.ChartName,
            [InstanceLabel] = release.Name,
        };
        if (revision.AppVersion is not null)
        {
            labels["app.kubernetes.io/version"] = revision.AppVersion;
        }

        labels[ManagedByLabel] = "Helm";
        var result = new List<(string, JsonObject)>();
        var tpl = revision.ChartName + "/templates/";
        if (release.Service is { } svc)
        {
            result.Add((tpl + "service.yaml", Service(svc.Name, labels, selector, svc.Port, release.ContainerPort)));
        }

        var podAnnotations = new JsonObject();
        if (revision.GitCommit is not null)
        {
            podAnnotations[SandboxKnobs.GitCommit] = revision.GitCommit;
        }

        var workload = Workload(release.WorkloadKind, fullname, labels, selector, podAnnotations, revision.ChartName, revision.Image,
            revision.Replicas, release.ContainerPort, revision.ReadyAfter, revision.NeverReady, revision.ProgressDeadlineSeconds,
            release.Service?.Name ?? fullname);
        result.Add((tpl + release.WorkloadKind.ToLowerInvariant() + ".yaml", workload));
        return result;
    }

    /// <summary>Helm's manifest text: each document "---\n# Source: &lt;template&gt;\n&lt;yaml&gt;", joined by newlines.</summary>
    public static string ToManifest(IEnumerable<(string Source, JsonObject Object)> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var sb = new StringBuilder();
        foreach (var (source, obj) in objects)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append("---\n# Source: ").Append(source).Append('\n').Append(YamlJson.ToYaml(obj));
        }

        return sb.ToString();
    }

    /// <summary>helm's setMetadataVisitor: adds the managed-by label and the meta.helm.sh release-name /
    /// release-namespace annotations to each object it applies; also sets the namespace.</summary>
    public static JsonObject WithHelmOwnership(JsonObject obj, string release, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var copy = (JsonObject)obj.DeepClone();
        var meta = copy["metadata"] as JsonObject ?? [];
        copy["metadata"] = meta;
        meta["namespace"] ??= @namespace;
        var labels = meta["labels"] as JsonObject ?? [];
        meta["labels"] = labels;
        labels[ManagedByLabel] = "Helm";
        var ann = meta["annotations"] as JsonObject ?? [];
        meta["annotations"] = ann;
        ann[ReleaseNameAnnotation] = release;
        ann[ReleaseNamespaceAnnotation] = @namespace;
        return copy;
    }

    public static JsonObject Service(string name, JsonObject labels, JsonObject selector, int port, int targetPort) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels.DeepClone() },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["ports"] = new JsonArray(new JsonObject { ["port"] = port, ["targetPort"] = targetPort, ["protocol"] = "TCP", ["name"] = "http" }),
            ["selector"] = selector.DeepClone(),
        },
    };

    public static JsonObject Workload(string kind, string name, JsonObject labels, JsonObject selector, JsonObject podAnnotations,
        string containerName, string image, int replicas, int containerPort, TimeSpan readyAfter, bool neverReady,
        int progressDeadlineSeconds, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(podAnnotations);
        var knobs = new JsonObject { [SandboxKnobs.ReadyAfter] = SandboxKnobs.Duration(readyAfter) };
        if (neverReady)
        {
            knobs[SandboxKnobs.NeverReady] = "true";
        }

        var templateAnnotations = (JsonObject)knobs.DeepClone();
        foreach (var (k, v) in podAnnotations)
        {
            templateAnnotations[k] = v?.DeepClone();
        }

        var podLabels = (JsonObject)labels.DeepClone();
        var spec = new JsonObject();
        if (kind != "DaemonSet")
        {
            spec["replicas"] = replicas;
        }

        if (kind == "StatefulSet")
        {
            spec["serviceName"] = serviceName;
        }

        spec["selector"] = new JsonObject { ["matchLabels"] = selector.DeepClone() };
        spec["template"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = templateAnnotations, ["labels"] = podLabels },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = containerName,
                    ["image"] = image,
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = containerPort, ["protocol"] = "TCP" }),
                    ["readinessProbe"] = new JsonObject
                    {
                        ["httpGet"] = new JsonObject { ["path"] = "/", ["port"] = "http" },
                    },
                }),
            },
        };
        if (kind == "Deployment")
        {
            spec["progressDeadlineSeconds"] = progressDeadlineSeconds;
            spec["revisionHistoryLimit"] = 10;
        }

        var metaAnnotations = (JsonObject)knobs.DeepClone();
        foreach (var (k, v) in podAnnotations)
        {
            metaAnnotations[k] = v?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels.DeepClone(), ["annotations"] = metaAnnotations },
            ["spec"] = spec,
        };
    }
}
