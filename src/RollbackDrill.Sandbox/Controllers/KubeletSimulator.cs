using System.Globalization;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>
/// Stands in for the scheduler and the kubelets: binds new pods to a simulated node, starts them (Running)
/// and makes them Ready after the ready-after delay, or never (never-ready). Knobs are read from the pod's
/// annotations (its template's), else from its owner's (ReplicaSet / StatefulSet / DaemonSet, and so the
/// Deployment's, whose annotations the deployment controller copies to its ReplicaSets).
/// </summary>
internal sealed class KubeletSimulator(ResourceStore store, SandboxOptions options)
{
    private readonly Dictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);
    private int _nextNode;

    public static string NodeName(int i) => "sandbox-node-" + (i + 1).ToString(CultureInfo.InvariantCulture);

    public void Sync()
    {
        var pods = store.List("pods", null);
        if (pods.Count == 0)
        {
            _started.Clear();
            return;
        }

        var now = DateTimeOffset.UtcNow;
        Dictionary<string, JsonObject>? owners = null;
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var uid = J.Uid(pod);
            live.Add(uid);
            try
            {
                if (J.S(pod["spec"]?["nodeName"]) is null)
                {
                    // Scheduler: bind to the next node.
                    pod["spec"]!["nodeName"] = NodeName(_nextNode++ % Math.Max(1, options.NodeCount));
                    store.Update("pods", J.Ns(pod), pod);
                    continue;
                }

                if (!_started.TryGetValue(uid, out var started))
                {
                    started = now;
                    _started[uid] = started;
                }

                owners ??= LoadOwners();
                var (readyAfter, neverReady) = Knobs(pod, owners);
                var shouldBeReady = !neverReady && now - started >= readyAfter;
                var status = BuildStatus(pod, started, shouldBeReady, now);
                if (!JsonNode.DeepEquals(pod["status"], status))
                {
                    pod["status"] = status;
                    store.UpdateStatus("pods", J.Ns(pod), pod);
                }
            }
            catch (ApiException)
            {
                // Deleted or changed meanwhile: next pass.
            }
        }

        foreach (var gone in _started.Keys.Where(k => !live.Contains(k)).ToList())
        {
            _started.Remove(gone);
        }
    }

    /// <summary>The next time a pod's readiness changes by the clock alone, for the loop to wake up.</summary>
    public TimeSpan DefaultReadyAfter => options.DefaultReadyAfter;

    private Dictionary<string, JsonObject> LoadOwners()
    {
        var owners = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var res in (string[])["replicasets", "statefulsets", "daemonsets", "deployments"])
        {
            foreach (var o in store.List(res, null))
            {
                owners[J.Uid(o)] = o;
            }
        }

        return owners;
    }

    private (TimeSpan ReadyAfter, bool NeverReady) Knobs(JsonObject pod, Dictionary<string, JsonObject> owners)
    {
        string? readyAfter = null;
        string? neverReady = null;
        JsonObject? current = pod;
        for (var depth = 0; current is not null && depth < 3; depth++)
        {
            readyAfter ??= J.Annotation(current, SandboxAnnotations.ReadyAfter);
            neverReady ??= J.Annotation(current, SandboxAnnotations.NeverReady);
            current = J.ControllerUid(current) is { } ou && owners.TryGetValue(ou, out var owner) ? owner : null;
        }

        return (J.ParseDuration(readyAfter) ?? options.DefaultReadyAfter, string.Equals(neverReady, "true", StringComparison.OrdinalIgnoreCase));
    }

    // What the kubelet reports for a running pod (core/v1 PodStatus).
    private static JsonObject BuildStatus(JsonObject pod, DateTimeOffset started, bool ready, DateTimeOffset now)
    {
        var old = pod["status"] as JsonObject;
        var startTime = J.Timestamp(started);
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var names = containers.Select(c => J.S(c["name"]) ?? "").ToList();
        var ip = PodIp(J.Uid(pod));
        var nodeIndex = int.TryParse(J.S(pod["spec"]?["nodeName"])?.Split('-').Last(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var status = new JsonObject { ["phase"] = "Running" };
        var conditions = new JsonArray
        {
            Cond(old, "PodReadyToStartContainers", "True", null, null, startTime),
            Cond(old, "Initialized", "True", null, null, startTime),
            ready
                ? Cond(old, "Ready", "True", null, null, J.Timestamp(now))
                : Cond(old, "Ready", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(" ", names)}]", startTime),
            ready
                ? Cond(old, "ContainersReady", "True", null, null, J.Timestamp(now))
                : Cond(old, "ContainersReady", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(" ", names)}]", startTime),
            Cond(old, "PodScheduled", "True", null, null, startTime),
        };
        status["conditions"] = conditions;
        status["hostIP"] = $"10.0.0.{nodeIndex}";
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = $"10.0.0.{nodeIndex}" });
        status["podIP"] = ip;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        status["startTime"] = startTime;
        var cs = new JsonArray();
        foreach (var c in containers)
        {
            var name = J.S(c["name"]) ?? "";
            var image = J.S(c["image"]) ?? "";
            cs.Add(new JsonObject
            {
                ["containerID"] = "containerd://" + J.ComputeHash(JsonValue.Create(J.Uid(pod) + name)),
                ["image"] = image,
                ["imageID"] = image,
                ["lastState"] = new JsonObject(),
                ["name"] = name,
                ["ready"] = ready,
                ["restartCount"] = 0,
                ["started"] = true,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startTime } },
            });
        }

        status["containerStatuses"] = cs;
        status["qosClass"] = "BestEffort";
        return status;
    }

    // A condition keeps its lastTransitionTime while its status does not change.
    private static JsonObject Cond(JsonObject? oldStatus, string type, string status, string? reason, string? message, string transition)
    {
        var previous = J.Condition(oldStatus, type);
        var c = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = previous is not null && J.S(previous["status"]) == status ? previous["lastTransitionTime"]?.DeepClone() : transition,
        };
        if (reason is not null)
        {
            c["reason"] = reason;
            c["message"] = message;
        }

        return c;
    }

    private static string PodIp(string uid)
    {
        var h = (uint)uid.GetHashCode(StringComparison.Ordinal);
        return $"10.244.{(h >> 8) % 250 + 1}.{h % 250 + 2}";
    }
}
