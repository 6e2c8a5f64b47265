using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Health;
using RollbackDrill.Sandbox.Helm;

namespace RollbackDrill.Sandbox.Scenario;

public sealed partial class Scenario
{
    /// <summary>
    /// Writes the scenario into the cluster: namespaces; for each release one Helm record per revision (Secret
    /// or ConfigMap, Helm's format and labels) and the live objects of its deployed revision (with helm's
    /// ownership metadata); plain workloads (with ReplicaSet history for Deployments); Services; faults; and
    /// registers the health endpoints and the sandbox helm endpoint. Call before StartAsync for exact
    /// ReplicaSet revision numbers (the controllers then see the history before they number the current
    /// template); after StartAsync works too.
    /// </summary>
    public ScenarioApplication ApplyTo(SandboxCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var store = cluster.Store;
        foreach (var ns in Namespaces)
        {
            if (store.Get("namespaces", null, ns) is null)
            {
                store.Create("namespaces", null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
            }
        }

        var health = HealthEndpoints.For(cluster);
        var helm = HelmSandboxApi.Register(cluster);
        var releases = new HelmReleaseStore(store);
        foreach (var rel in Releases)
        {
            ApplyRelease(store, releases, health, rel);
        }

        foreach (var w in Workloads)
        {
            ApplyWorkload(store, health, w);
        }

        ApplyFaults(cluster.Faults);
        return new ScenarioApplication(this, health, helm);
    }

    private static void ApplyRelease(ResourceStore store, HelmReleaseStore releases, HealthEndpoints health, ScenarioRelease rel)
    {
        if (rel.Revisions.Count == 0)
        {
            return;
        }

        var firstDeployed = rel.Revisions[0].DeployedAt;
        foreach (var rev in rel.Revisions)
        {
            var objects = ManifestGenerator.Render(rel, rev);
            var config = (JsonObject)rev.Values.DeepClone();
            var image = config["image"] as JsonObject ?? [];
            image["repository"] = rev.ImageRepository;
            image["tag"] = rev.ImageTag;
            config["image"] = image;
            var body = HelmReleaseBuilder.Build(rel.Name, rel.Namespace, rev.Revision, rev.Status, rev.Description, firstDeployed, rev.DeployedAt,
                rev.ChartName, rev.ChartVersion, rev.AppVersion, config, ManifestGenerator.ToManifest(objects),
                new JsonObject { ["replicaCount"] = 1, ["image"] = new JsonObject { ["repository"] = rev.ImageRepository, ["tag"] = "" } });

            // A finished operation was last written by driver.Update (modifiedAt); a pending one only by Create.
            var labels = HelmStatus.IsPending(rev.Status)
                ? HelmReleaseCodec.StandardLabels(body, rev.DeployedAt, null)
                : HelmReleaseCodec.StandardLabels(body, null, rev.DeployedAt + TimeSpan.FromSeconds(3));
            var record = rel.StorageDriver == HelmReleaseStore.ConfigMapDriver
                ? HelmReleaseCodec.ToConfigMap(body, rel.Namespace, labels, rev.Gzip)
                : HelmReleaseCodec.ToSecret(body, rel.Namespace, labels, rev.Gzip);
            store.Create(HelmReleaseStore.Resource(rel.StorageDriver), rel.Namespace, record);
        }

        var live = rel.Current!;
        foreach (var (_, obj) in ManifestGenerator.Render(rel, live))
        {
            var owned = ManifestGenerator.WithHelmOwnership(obj, rel.Name, rel.Namespace);
            var resource = owned["kind"]!.GetValue<string>() switch
            {
                "Service" => "services",
                "StatefulSet" => "statefulsets",
                "DaemonSet" => "daemonsets",
                _ => "deployments",
            };
            store.Create(resource, rel.Namespace, owned);
        }

        if (rel.Service is { Health.Count: > 0 } svc)
        {
            health.Add(rel.Namespace, svc.Name, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ManifestGenerator.NameLabel] = live.ChartName,
                [ManifestGenerator.InstanceLabel] = rel.Name,
            }, svc.Health);
        }
    }

    private static void ApplyWorkload(ResourceStore store, HealthEndpoints health, ScenarioWorkload w)
    {
        var labels = new JsonObject();
        foreach (var (k, v) in w.Labels.Count > 0 ? w.Labels : new Dictionary<string, string> { [ManifestGenerator.NameLabel] = w.Name })
        {
            labels[k] = v;
        }

        var selector = (JsonObject)labels.DeepClone();
        var obj = ManifestGenerator.Workload(w.Kind, w.Name, labels, selector, [], w.Name, w.Image, w.Replicas, w.ContainerPort,
            w.ReadyAfter, w.NeverReady, w.ProgressDeadlineSeconds, w.Service?.Name ?? w.Name);
        obj["metadata"]!["namespace"] = w.Namespace;
        if (w.Paused)
        {
            obj["spec"]!["paused"] = true;
        }

        var resource = w.Kind switch
        {
            "StatefulSet" => "statefulsets",
            "DaemonSet" => "daemonsets",
            _ => "deployments",
        };
        var created = store.Create(resource, w.Namespace, obj);
        for (var i = 0; i < w.History.Count; i++)
        {
            var template = obj["spec"]!["template"]!.DeepClone().AsObject();
            template["spec"]!["containers"]![0]!["image"] = w.History[i];
            store.Create("replicasets", w.Namespace, OldReplicaSet(created, template, i + 1));
        }

        if (w.Service is { } svc)
        {
            store.Create("services", w.Namespace, ManifestGenerator.Service(svc.Name, labels, selector, svc.Port, w.ContainerPort)
                .Also(s => s["metadata"]!["namespace"] = w.Namespace));
            if (svc.Health.Count > 0)
            {
                health.Add(w.Namespace, svc.Name, w.Labels.Count > 0 ? w.Labels : new Dictionary<string, string> { [ManifestGenerator.NameLabel] = w.Name }, svc.Health);
            }
        }
    }

    /// <summary>A scaled-down ReplicaSet of an older template, as the deployment controller leaves behind:
    /// name &lt;deployment&gt;-&lt;pod-template-hash&gt;, the deployment.kubernetes.io/revision annotation, owned by the
    /// Deployment (controller: true).</summary>
    private static JsonObject OldReplicaSet(JsonObject deployment, JsonObject template, int revision)
    {
        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        var hash = TemplateHash(template);
        var tplLabels = template["metadata"]!["labels"] as JsonObject ?? [];
        tplLabels["pod-template-hash"] = hash;
        template["metadata"]!["labels"] = tplLabels;
        var selector = (JsonObject)(deployment["spec"]!["selector"]!["matchLabels"]?.DeepClone() ?? new JsonObject());
        selector["pod-template-hash"] = hash;
        var replicas = deployment["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name + "-" + hash,
                ["namespace"] = deployment["metadata"]!["namespace"]!.DeepClone(),
                ["labels"] = tplLabels.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] = (replicas + (int)Math.Ceiling(replicas * 0.25)).ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = name,
                    ["uid"] = deployment["metadata"]!["uid"]!.DeepClone(),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["selector"] = new JsonObject { ["matchLabels"] = selector },
                ["template"] = template,
            },
            ["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = 1 },
        };
    }

    // The controller's pod-template-hash is a 32-bit FNV hash rendered with the "safe" alphabet
    // (k8s rand.SafeEncodeString); ours hashes the template JSON the same way (values differ from the real ones).
    private static string TemplateHash(JsonObject template)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        uint h = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(template.ToJsonString()))
        {
            h = (h ^ b) * 16777619;
        }

        var digits = h.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            sb.Append(alphabet[(c - '0' + sb.Length * 7) % alphabet.Length]);
        }

        return sb.ToString();
    }

    private void ApplyFaults(FaultInjector faults)
    {
        foreach (var f in Faults)
        {
            switch (f.Type)
            {
                case "error":
                    faults.FailRequests(f.Status ?? 500, f.Rate ?? 1.0, f.Path, f.Verb, f.Count, f.RetryAfterSeconds ?? 1);
                    break;
                case "latency":
                    faults.AddedLatency = f.Latency ?? TimeSpan.FromMilliseconds(100);
                    break;
                case "drop-watches":
                    faults.DropWatches();
                    break;
                case "gone-on-resume":
                    faults.ForceGoneOnNextWatchResume();
                    break;
                case "conflict":
                    faults.ForceConflictOnNextUpdate();
                    break;
                case "api-down":
                    faults.TakeApiDown(f.Duration ?? TimeSpan.FromSeconds(5));
                    break;
            }
        }
    }
}
