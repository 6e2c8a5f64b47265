using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RollbackDrill.TestSupport;

/// <summary>
/// Builds Helm release records the way Helm writes them (pkg/storage/driver/util.go encodeRelease:
/// json.Marshal → gzip (default level) → base64 std encoding), with the JSON shape of Helm 3 (pkg/time zero → "")
/// or Helm 4 (zero times omitted), and the Secret/ConfigMap objects the drivers store them in.
/// </summary>
public static class HelmRecords
{
    public const string SecretValue = "hunter2-db-password-NEVER-SHOW";

    public static string Manifest(string release, string image, int replicas = 2, string? commitLabel = null)
    {
        var lines = new List<string>
        {
            "---",
            "# Source: videokit/templates/service.yaml",
            "apiVersion: v1",
            "kind: Service",
            "metadata:",
            $"  name: {release}",
            "  labels:",
            $"    app.kubernetes.io/instance: {release}",
            "spec:",
            "  ports:",
            "  - port: 80",
            "---",
            "# Source: videokit/templates/deployment.yaml",
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            $"  name: {release}",
            "  labels:",
            $"    app.kubernetes.io/instance: {release}",
            "    app.kubernetes.io/version: \"1.0.0\"",
            "spec:",
            $"  replicas: {replicas}",
            "  template:",
            "    metadata:",
            "      labels:",
            $"        app.kubernetes.io/instance: {release}",
        };
        if (commitLabel is not null)
        {
            lines.Add($"        git-commit: \"{commitLabel}\"");
        }

        lines.AddRange(
        [
            "    spec:",
            "      initContainers:",
            "      - name: migrate",
            $"        image: {image}",
            "      containers:",
            "      - name: app",
            $"        image: {image}",
            "        env:",
            "        - name: DB_PASSWORD",
            "          valueFrom:",
            "            secretKeyRef: { name: db, key: password }",
        ]);
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>The release JSON as Helm 3 marshals it (field order of the Go struct, chart with null lock/schema).</summary>
    public static string Json(
        string name,
        string ns,
        int revision,
        string status,
        string manifest,
        string description = "Upgrade complete",
        string chartName = "videokit",
        string chartVersion = "0.1.0",
        string? appVersion = "1.0.0",
        string lastDeployed = "2024-11-18T09:12:01.123456789Z",
        bool helm4 = false,
        int? rollbackRevision = null,
        bool withConfig = true)
    {
        var metadata = new JsonObject { ["name"] = chartName, ["version"] = chartVersion, ["description"] = "VideoKit", ["apiVersion"] = "v2", ["type"] = "application" };
        if (appVersion is not null)
        {
            metadata["appVersion"] = appVersion;
        }

        var info = new JsonObject
        {
            ["first_deployed"] = "2024-01-02T10:00:00.5+01:00",
            ["last_deployed"] = lastDeployed,
        };
        if (!helm4)
        {
            info["deleted"] = string.Empty; // Helm 3's pkg/time marshals the zero time as "".
        }

        info["description"] = description;
        info["status"] = status;
        info["notes"] = "Thank you for installing videokit.";
        var root = new JsonObject
        {
            ["name"] = name,
            ["info"] = info,
            ["chart"] = new JsonObject
            {
                ["metadata"] = metadata,
                ["lock"] = null,
                ["templates"] = new JsonArray(new JsonObject { ["name"] = "templates/deployment.yaml", ["data"] = "YXBpVmVyc2lvbjogYXBwcy92MQ==" }),
                ["values"] = new JsonObject { ["replicaCount"] = 2 },
                ["schema"] = null,
                ["files"] = null,
            },
        };
        if (withConfig)
        {
            root["config"] = new JsonObject { ["db"] = new JsonObject { ["password"] = SecretValue }, ["replicaCount"] = 2 };
        }

        root["manifest"] = manifest;
        root["hooks"] = new JsonArray();
        root["version"] = revision;
        root["namespace"] = ns;
        if (helm4)
        {
            root["apply_method"] = "ssa";
        }

        if (rollbackRevision is { } rr)
        {
            root["rollback_revision"] = rr;
        }

        return root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>base64(gzip(json)), or base64(json) for the old not-gzipped records.</summary>
    public static string Encode(string json, bool gzip = true)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (gzip)
        {
            using var output = new MemoryStream();
            using (var z = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(bytes);
            }

            bytes = output.ToArray();
        }

        return Convert.ToBase64String(bytes);
    }

    public static string Payload(string name, string ns, int revision, string status, string? image = null, bool gzip = true, string description = "Upgrade complete") =>
        Encode(Json(name, ns, revision, status, Manifest(name, image ?? $"registry.example.com/videokit/{name}:1.0.0-{Commit(revision)}"), description), gzip);

    /// <summary>A git-commit-like hex string per revision (deterministic).</summary>
    public static string Commit(int revision) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(revision))).ToLowerInvariant()[..8];

    public static Dictionary<string, string> Labels(string name, int revision, string status) => new()
    {
        ["name"] = name,
        ["owner"] = "helm",
        ["status"] = status,
        ["version"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["createdAt"] = "1731920400",
    };

    /// <summary>The Secret object as the API server returns it (data values base64 again: Helm's text is base64'd twice on the wire).</summary>
    public static JsonObject Secret(string name, string ns, int revision, string status, string payload, IDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"sh.helm.release.v1.{name}.v{revision}",
            ["namespace"] = ns,
            ["labels"] = LabelsNode(labels ?? Labels(name, revision, status)),
        },
        ["type"] = "helm.sh/release.v1",
        ["data"] = new JsonObject { ["release"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(payload)) },
    };

    /// <summary>The ConfigMap driver stores the same text unencoded in data.release.</summary>
    public static JsonObject ConfigMap(string name, string ns, int revision, string status, string payload, IDictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"sh.helm.release.v1.{name}.v{revision}",
            ["namespace"] = ns,
            ["labels"] = LabelsNode(labels ?? Labels(name, revision, status)),
        },
        ["data"] = new JsonObject { ["release"] = payload },
    };

    private static JsonObject LabelsNode(IDictionary<string, string> labels)
    {
        var node = new JsonObject();
        foreach (var (k, v) in labels)
        {
            node[k] = v;
        }

        return node;
    }
}
