using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Http;

/// <summary>
/// Server-side printing (meta.k8s.io/v1 Table) with the columns of the API server's printers
/// (pkg/printers/internalversion/printers.go), which is what `kubectl get` shows.
/// </summary>
internal static class Tables
{
    public static bool Wanted(HttpListenerRequest req)
    {
        var accept = req.Headers["Accept"] ?? "";
        return accept.Split(',').Any(a => a.Contains("as=Table", StringComparison.Ordinal) && a.Contains("g=meta.k8s.io", StringComparison.Ordinal));
    }

    public static JsonObject Render(ResourceType type, IReadOnlyList<JsonObject> objects, string includeObject, string resourceVersion)
    {
        var columns = Columns(type);
        var defs = new JsonArray();
        foreach (var (name, colType, format, priority, description) in columns)
        {
            defs.Add(new JsonObject
            {
                ["name"] = name,
                ["type"] = colType,
                ["format"] = format,
                ["description"] = description,
                ["priority"] = priority,
            });
        }

        var rows = new JsonArray();
        var now = DateTimeOffset.UtcNow;
        foreach (var o in objects)
        {
            var row = new JsonObject { ["cells"] = Cells(type, o, now) };
            if (includeObject == "Object")
            {
                row["object"] = o.DeepClone();
            }
            else if (includeObject != "None")
            {
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = o["metadata"]?.DeepClone(),
                };
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = defs,
            ["rows"] = rows,
        };
    }

    private static (string Name, string Type, string Format, int Priority, string Description)[] Columns(ResourceType type)
    {
        const string NameDesc = "Name must be unique within a namespace.";
        const string AgeDesc = "CreationTimestamp is a timestamp representing the server time when this object was created.";
        var name = ("Name", "string", "name", 0, NameDesc);
        var age = ("Age", "string", "", 0, AgeDesc);
        return type.Resource switch
        {
            "deployments" =>
            [
                name,
                ("Ready", "string", "", 0, "Number of the pod with ready state"),
                ("Up-to-date", "integer", "", 0, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                ("Available", "integer", "", 0, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                age,
                ("Containers", "string", "", 1, "Names of each container in the template."),
                ("Images", "string", "", 1, "Images referenced by each container in the template."),
                ("Selector", "string", "", 1, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
            ],
            "replicasets" =>
            [
                name,
                ("Desired", "integer", "", 0, "Replicas is the number of desired replicas."),
                ("Current", "integer", "", 0, "Replicas is the most recently observed number of replicas."),
                ("Ready", "integer", "", 0, "The number of ready replicas for this replica set."),
                age,
                ("Containers", "string", "", 1, "Names of each container in the template."),
                ("Images", "string", "", 1, "Images referenced by each container in the template."),
                ("Selector", "string", "", 1, "Selector is a label query over pods that should match the replica count."),
            ],
            "statefulsets" =>
            [
                name,
                ("Ready", "string", "", 0, "Number of the pod with ready state"),
                age,
                ("Containers", "string", "", 1, "Names of each container in the template."),
                ("Images", "string", "", 1, "Images referenced by each container in the template."),
            ],
            "daemonsets" =>
            [
                name,
                ("Desired", "integer", "", 0, "The total number of nodes that should be running the daemon pod."),
                ("Current", "integer", "", 0, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
                ("Ready", "integer", "", 0, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
                ("Up-to-date", "integer", "", 0, "The total number of nodes that are running updated daemon pod"),
                ("Available", "integer", "", 0, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
                ("Node Selector", "string", "", 0, "NodeSelector is a selector which must be true for the pod to fit on a node."),
                age,
                ("Containers", "string", "", 1, "Names of each container in the template."),
                ("Images", "string", "", 1, "Images referenced by each container in the template."),
                ("Selector", "string", "", 1, "A label query over pods that are managed by the daemon set."),
            ],
            "pods" =>
            [
                name,
                ("Ready", "string", "", 0, "The aggregate readiness state of this pod for accepting traffic."),
                ("Status", "string", "", 0, "The aggregate status of the containers in this pod."),
                ("Restarts", "string", "", 0, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                age,
                ("IP", "string", "", 1, "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
                ("Node", "string", "", 1, "NodeName is a request to schedule this pod onto a specific node."),
            ],
            "secrets" =>
            [
                name,
                ("Type", "string", "", 0, "Used to facilitate programmatic handling of secret data."),
                ("Data", "string", "", 0, "Data contains the secret data."),
                age,
            ],
            "configmaps" =>
            [
                name,
                ("Data", "string", "", 0, "Data contains the configuration data."),
                age,
            ],
            "namespaces" =>
            [
                name,
                ("Status", "string", "", 0, "The status of the namespace"),
                age,
            ],
            "services" =>
            [
                name,
                ("Type", "string", "", 0, "Type determines how the Service is exposed."),
                ("Cluster-IP", "string", "", 0, "ClusterIP is the IP address of the service."),
                ("External-IP", "string", "", 0, "External IPs."),
                ("Port(s)", "string", "", 0, "The ports that are exposed by this service."),
                age,
                ("Selector", "string", "", 1, "Route service traffic to pods with label keys and values matching this selector."),
            ],
            "events" =>
            [
                ("Last Seen", "string", "", 0, "Time when this Event was last seen"),
                ("Type", "string", "", 0, "Type of this event (Normal, Warning)"),
                ("Reason", "string", "", 0, "Reason for this event"),
                ("Object", "string", "", 0, "The object that this event is about"),
                ("Message", "string", "", 0, "A human-readable description of the status of this operation"),
            ],
            "controllerrevisions" =>
            [
                name,
                ("Controller", "string", "", 0, "Controller of the object"),
                ("Revision", "integer", "", 0, "Revision indicates the revision of the state represented by Data."),
                age,
            ],
            _ => [name, age],
        };
    }

    private static JsonArray Cells(ResourceType type, JsonObject o, DateTimeOffset now)
    {
        var meta = o["metadata"] as JsonObject;
        var spec = o["spec"] as JsonObject;
        var status = o["status"] as JsonObject;
        var name = meta?["name"]?.GetValue<string>() ?? "";
        var age = Age(meta?["creationTimestamp"]?.GetValue<string>(), now);
        long L(JsonNode? n) => n?.GetValue<long>() ?? 0;
        return type.Resource switch
        {
            "deployments" => Row(name, $"{L(status?["readyReplicas"])}/{L(spec?["replicas"])}", L(status?["updatedReplicas"]), L(status?["availableReplicas"]), age,
                Containers(spec?["template"]?["spec"], "name"), Containers(spec?["template"]?["spec"], "image"), Selector(spec)),
            "replicasets" => Row(name, L(spec?["replicas"]), L(status?["replicas"]), L(status?["readyReplicas"]), age,
                Containers(spec?["template"]?["spec"], "name"), Containers(spec?["template"]?["spec"], "image"), Selector(spec)),
            "statefulsets" => Row(name, $"{L(status?["readyReplicas"])}/{L(spec?["replicas"])}", age,
                Containers(spec?["template"]?["spec"], "name"), Containers(spec?["template"]?["spec"], "image")),
            "daemonsets" => Row(name, L(status?["desiredNumberScheduled"]), L(status?["currentNumberScheduled"]), L(status?["numberReady"]),
                L(status?["updatedNumberScheduled"]), L(status?["numberAvailable"]), NodeSelector(spec), age,
                Containers(spec?["template"]?["spec"], "name"), Containers(spec?["template"]?["spec"], "image"), Selector(spec)),
            "pods" => PodRow(o, name, age),
            "secrets" => Row(name, o["type"]?.GetValue<string>() ?? "", (o["data"] as JsonObject)?.Count ?? 0, age),
            "configmaps" => Row(name, ((o["data"] as JsonObject)?.Count ?? 0) + ((o["binaryData"] as JsonObject)?.Count ?? 0), age),
            "namespaces" => Row(name, status?["phase"]?.GetValue<string>() ?? "", age),
            "services" => Row(name, spec?["type"]?.GetValue<string>() ?? "ClusterIP", spec?["clusterIP"]?.GetValue<string>() ?? "<none>", "<none>", Ports(spec), age,
                SelectorMap(spec?["selector"] as JsonObject)),
            "events" => Row(Age(o["lastTimestamp"]?.GetValue<string>() ?? meta?["creationTimestamp"]?.GetValue<string>(), now),
                o["type"]?.GetValue<string>() ?? "", o["reason"]?.GetValue<string>() ?? "",
                $"{(o["involvedObject"]?["kind"]?.GetValue<string>() ?? "").ToLowerInvariant()}/{o["involvedObject"]?["name"]?.GetValue<string>()}",
                o["message"]?.GetValue<string>() ?? ""),
            "controllerrevisions" => Row(name, Controller(meta), L(o["revision"]), age),
            _ => Row(name, age),
        };
    }

    private static JsonArray PodRow(JsonObject o, string name, string age)
    {
        var statuses = (o["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var total = (o["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = statuses.Count(s => s["ready"]?.GetValue<bool>() == true);
        var restarts = statuses.Sum(s => s["restartCount"]?.GetValue<long>() ?? 0);
        var phase = o["status"]?["phase"]?.GetValue<string>() ?? "Pending";
        var reason = statuses.Select(s => s["state"]?["waiting"]?["reason"]?.GetValue<string>()).FirstOrDefault(r => r is not null);
        return Row(name, $"{ready}/{total}", reason ?? phase, restarts.ToString(CultureInfo.InvariantCulture), age,
            o["status"]?["podIP"]?.GetValue<string>() ?? "<none>", o["spec"]?["nodeName"]?.GetValue<string>() ?? "<none>");
    }

    private static JsonArray Row(params object[] cells)
    {
        var a = new JsonArray();
        foreach (var c in cells)
        {
            a.Add(c switch
            {
                long l => JsonValue.Create(l),
                int i => JsonValue.Create(i),
                _ => JsonValue.Create(c.ToString()),
            });
        }

        return a;
    }

    private static string Containers(JsonNode? podSpec, string field) =>
        string.Join(",", (podSpec?["containers"] as JsonArray)?.Select(c => c?[field]?.GetValue<string>() ?? "") ?? []);

    private static string Selector(JsonObject? spec) =>
        LabelSelector.FromJson(spec?["selector"] as JsonObject) is { IsEmpty: false } s ? s.ToString() : "<none>";

    private static string SelectorMap(JsonObject? m) =>
        m is null || m.Count == 0 ? "<none>" : string.Join(",", m.Select(kv => kv.Key + "=" + kv.Value?.GetValue<string>()));

    private static string NodeSelector(JsonObject? spec) =>
        SelectorMap(spec?["template"]?["spec"]?["nodeSelector"] as JsonObject);

    private static string Ports(JsonObject? spec)
    {
        var ports = (spec?["ports"] as JsonArray)?.OfType<JsonObject>()
            .Select(p => $"{p["port"]?.GetValue<long>()}/{p["protocol"]?.GetValue<string>() ?? "TCP"}").ToList() ?? [];
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }

    private static string Controller(JsonObject? meta)
    {
        var owner = (meta?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r["controller"]?.GetValue<bool>() == true);
        if (owner is null)
        {
            return "<none>";
        }

        var apiVersion = owner["apiVersion"]?.GetValue<string>() ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var resource = (owner["kind"]?.GetValue<string>() ?? "").ToLowerInvariant();
        return (group.Length > 0 ? $"{resource}.{group}" : resource) + "/" + owner["name"]?.GetValue<string>();
    }

    private static string Age(string? timestamp, DateTimeOffset now) =>
        timestamp is not null && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? HumanDuration(now - t)
            : "<unknown>";

    // apimachinery util/duration.HumanDuration.
    internal static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }

        return $"{hours / 24 / 365}y";
    }
}
