using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox;

/// <summary>
/// The API server's defaulting (pkg/apis/*/v1 SetDefaults_*) for the fields the sandbox's clients look at,
/// and the create-time status resets of the registry strategies. Applied on create and update.
/// </summary>
internal static class ObjectDefaults
{
    public static void OnCreate(ResourceType type, JsonObject o)
    {
        if (type.HasStatus && type != ResourceTypes.Pods && type != ResourceTypes.Namespaces)
        {
            // Registry strategies PrepareForCreate: status is reset ({} for a new Deployment).
            o["status"] = new JsonObject();
        }

        Apply(type, o);
        if (type == ResourceTypes.Pods)
        {
            var status = o["status"] as JsonObject ?? [];
            o["status"] = status;
            status["phase"] ??= "Pending";
        }
        else if (type == ResourceTypes.Namespaces)
        {
            // Namespace strategy: status.phase Active; the kubernetes.io/metadata.name label.
            o["status"] = new JsonObject { ["phase"] = "Active" };
            var meta = (JsonObject)o["metadata"]!;
            var labels = meta["labels"] as JsonObject ?? [];
            meta["labels"] = labels;
            labels["kubernetes.io/metadata.name"] = meta["name"]?.DeepClone();
            o["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        }
    }

    public static void OnUpdate(ResourceType type, JsonObject o) => Apply(type, o);

    private static void Apply(ResourceType type, JsonObject o)
    {
        var spec = o["spec"] as JsonObject;
        switch (type.Resource)
        {
            case "secrets":
                // core/v1 SetDefaults_Secret.
                o["type"] ??= "Opaque";
                break;
            case "deployments" when spec is not null:
                // apps/v1 SetDefaults_Deployment.
                spec["replicas"] ??= 1;
                var strategy = spec["strategy"] as JsonObject ?? [];
                spec["strategy"] = strategy;
                strategy["type"] ??= "RollingUpdate";
                if (strategy["type"]!.GetValue<string>() == "RollingUpdate")
                {
                    var ru = strategy["rollingUpdate"] as JsonObject ?? [];
                    strategy["rollingUpdate"] = ru;
                    ru["maxUnavailable"] ??= "25%";
                    ru["maxSurge"] ??= "25%";
                }

                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                PodTemplate(spec["template"] as JsonObject);
                break;
            case "replicasets" when spec is not null:
                spec["replicas"] ??= 1;
                PodTemplate(spec["template"] as JsonObject);
                break;
            case "statefulsets" when spec is not null:
                // apps/v1 SetDefaults_StatefulSet.
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                var us = spec["updateStrategy"] as JsonObject ?? [];
                spec["updateStrategy"] = us;
                us["type"] ??= "RollingUpdate";
                if (us["type"]!.GetValue<string>() == "RollingUpdate")
                {
                    var ru = us["rollingUpdate"] as JsonObject ?? [];
                    us["rollingUpdate"] = ru;
                    ru["partition"] ??= 0;
                }

                spec["revisionHistoryLimit"] ??= 10;
                PodTemplate(spec["template"] as JsonObject);
                break;
            case "daemonsets" when spec is not null:
                // apps/v1 SetDefaults_DaemonSet.
                var dus = spec["updateStrategy"] as JsonObject ?? [];
                spec["updateStrategy"] = dus;
                dus["type"] ??= "RollingUpdate";
                if (dus["type"]!.GetValue<string>() == "RollingUpdate")
                {
                    var ru = dus["rollingUpdate"] as JsonObject ?? [];
                    dus["rollingUpdate"] = ru;
                    ru["maxUnavailable"] ??= 1;
                    ru["maxSurge"] ??= 0;
                }

                spec["revisionHistoryLimit"] ??= 10;
                PodTemplate(spec["template"] as JsonObject);
                break;
            case "pods" when spec is not null:
                PodSpec(spec);
                break;
            case "services" when spec is not null:
                spec["type"] ??= "ClusterIP";
                spec["sessionAffinity"] ??= "None";
                break;
        }
    }

    private static void PodTemplate(JsonObject? template)
    {
        if (template is not null)
        {
            // metav1.Time is a struct: a template's zero creationTimestamp serializes as null.
            var meta = template["metadata"] as JsonObject ?? [];
            template["metadata"] = meta;
            if (!meta.ContainsKey("creationTimestamp"))
            {
                meta["creationTimestamp"] = null;
            }
        }

        if (template?["spec"] is JsonObject ps)
        {
            PodSpec(ps);
        }
    }

    // core/v1 SetDefaults_PodSpec and SetDefaults_Container.
    private static void PodSpec(JsonObject ps)
    {
        ps["restartPolicy"] ??= "Always";
        ps["terminationGracePeriodSeconds"] ??= 30;
        ps["dnsPolicy"] ??= "ClusterFirst";
        ps["securityContext"] ??= new JsonObject();
        ps["schedulerName"] ??= "default-scheduler";
        foreach (var list in (string[])["containers", "initContainers"])
        {
            if (ps[list] is not JsonArray containers)
            {
                continue;
            }

            foreach (var c in containers.OfType<JsonObject>())
            {
                c["terminationMessagePath"] ??= "/dev/termination-log";
                c["terminationMessagePolicy"] ??= "File";
                c["resources"] ??= new JsonObject();
                if (c["imagePullPolicy"] is null)
                {
                    // Always for ":latest" or no tag, else IfNotPresent.
                    var image = c["image"]?.GetValue<string>() ?? "";
                    var lastPart = image[(image.LastIndexOf('/') + 1)..];
                    var hasTag = lastPart.Contains(':') || image.Contains('@');
                    c["imagePullPolicy"] = !hasTag || image.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
                }
            }
        }
    }
}
