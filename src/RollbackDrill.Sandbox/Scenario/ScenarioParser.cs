using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RollbackDrill.Sandbox.Helm;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Sandbox.Scenario;

/// <summary>Parses scenario YAML (apiVersion sandbox.rollbackdrill.io/v1, kind Scenario) into the model,
/// reporting all problems at once with file, line and column.</summary>
internal static partial class ScenarioParser
{
    public const string ApiVersion = "sandbox.rollbackdrill.io/v1";

    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet"];
    private static readonly string[] FaultTypes = ["error", "latency", "drop-watches", "gone-on-resume", "conflict", "api-down"];
    private static readonly DateTimeOffset DefaultStart = new(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);

    public static Scenario Parse(string text, string file)
    {
        var r = new NodeReader(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ScenarioException([new ScenarioError(file, (int)ex.Start.Line, (int)ex.Start.Column, "YAML syntax error: " + Inner(ex))]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail without a position (e.g. an unclosed flow collection): find the last
            // token it could read and report there.
            var (line, column) = LastGoodPosition(text);
            throw new ScenarioException([new ScenarioError(file, line, column, "YAML syntax error: unexpected content after this point (an unclosed [ or { ?)")]);
        }

        if (stream.Documents.Count != 1)
        {
            throw new ScenarioException([new ScenarioError(file, 1, 1, $"expected exactly one YAML document, found {stream.Documents.Count}")]);
        }

        var root = r.Mapping(stream.Documents[0].RootNode, "the scenario", "apiVersion", "kind", "metadata", "spec");
        if (root is null)
        {
            throw new ScenarioException(r.Errors);
        }

        var api = r.String(root, "apiVersion", "scenario", required: true);
        if (api is not null && api != ApiVersion)
        {
            r.Error(NodeReader.Child(root, "apiVersion"), $"apiVersion must be {ApiVersion}, not {api}");
        }

        var kind = r.String(root, "kind", "scenario", required: true);
        if (kind is not null && kind != "Scenario")
        {
            r.Error(NodeReader.Child(root, "kind"), $"kind must be Scenario, not {kind}");
        }

        var meta = r.Mapping(NodeReader.Child(root, "metadata"), "metadata", "name", "description");
        var name = r.String(meta, "name", "metadata") ?? Path.GetFileNameWithoutExtension(file);
        var spec = r.Mapping(NodeReader.Child(root, "spec"), "spec", "namespaces", "releases", "workloads", "faults");
        if (spec is null && NodeReader.Child(root, "spec") is null)
        {
            r.Error(root, "scenario: 'spec' is required");
        }

        var namespaces = new List<string>();
        foreach (var n in r.Sequence(NodeReader.Child(spec, "namespaces"), "spec.namespaces")?.Children ?? [])
        {
            if (n is YamlScalarNode { Value: { Length: > 0 } ns } && IsDnsLabel(ns))
            {
                if (namespaces.Contains(ns, StringComparer.Ordinal))
                {
                    r.Error(n, $"namespace '{ns}' is listed twice");
                }

                namespaces.Add(ns);
            }
            else
            {
                r.Error(n, "a namespace must be a DNS label (lowercase letters, digits, '-')");
            }
        }

        var releases = new List<ScenarioRelease>();
        foreach (var node in r.Sequence(NodeReader.Child(spec, "releases"), "spec.releases")?.Children ?? [])
        {
            if (ParseRelease(r, node) is { } rel)
            {
                if (releases.Any(x => x.Name == rel.Name && x.Namespace == rel.Namespace))
                {
                    r.Error(node, $"release '{rel.Name}' in namespace '{rel.Namespace}' is defined twice");
                }

                releases.Add(rel);
            }
        }

        var workloads = new List<ScenarioWorkload>();
        foreach (var node in r.Sequence(NodeReader.Child(spec, "workloads"), "spec.workloads")?.Children ?? [])
        {
            if (ParseWorkload(r, node) is { } w)
            {
                workloads.Add(w);
            }
        }

        var faults = new List<ScenarioFault>();
        foreach (var node in r.Sequence(NodeReader.Child(spec, "faults"), "spec.faults")?.Children ?? [])
        {
            if (ParseFault(r, node) is { } f)
            {
                faults.Add(f);
            }
        }

        // Every namespace used must exist (declared here, or it is created implicitly? The API server refuses
        // objects in a missing namespace, so the scenario must declare them).
        foreach (var ns in releases.Select(x => x.Namespace).Concat(workloads.Select(x => x.Namespace)).Distinct(StringComparer.Ordinal))
        {
            if (!namespaces.Contains(ns, StringComparer.Ordinal))
            {
                r.Error(NodeReader.Child(spec, "namespaces") ?? (YamlNode?)spec ?? root, $"namespace '{ns}' is used but not listed in spec.namespaces");
            }
        }

        if (r.Errors.Count > 0)
        {
            throw new ScenarioException(r.Errors);
        }

        return new Scenario(name, file, namespaces, releases, workloads, faults);
    }

    private static ScenarioRelease? ParseRelease(NodeReader r, YamlNode node)
    {
        var m = r.Mapping(node, "a release", "name", "namespace", "storage", "kind", "chart", "image", "tag", "replicas",
            "readyAfter", "neverReady", "progressDeadlineSeconds", "containerPort", "values", "service", "gitCommit", "revisions");
        if (m is null)
        {
            return null;
        }

        var errorsBefore = r.Errors.Count;
        var name = r.String(m, "name", "release", required: true);
        var what = $"release '{name}'";
        if (name is not null && !IsReleaseName(name))
        {
            r.Error(NodeReader.Child(m, "name"), $"{what}: the name must be a DNS-1123 name of at most 53 characters (helm's rule)");
        }

        var ns = r.String(m, "namespace", what) ?? "default";
        var storage = (r.String(m, "storage", what) ?? "secret").ToLowerInvariant();
        if (storage is not ("secret" or "secrets" or "configmap" or "configmaps"))
        {
            r.Error(NodeReader.Child(m, "storage"), $"{what}: storage must be secret or configmap");
        }

        storage = storage.StartsWith("config", StringComparison.Ordinal) ? "configmap" : "secret";
        var kind = WorkloadKind(r, m, what);
        var chart = ParseChart(r, NodeReader.Child(m, "chart"), what, requiredName: true);
        var defaults = new RevisionFields
        {
            ChartName = chart.Name,
            ChartVersion = chart.Version ?? "0.1.0",
            AppVersion = chart.AppVersion,
            Image = r.String(m, "image", what),
            Tag = r.String(m, "tag", what),
            Replicas = r.Int(m, "replicas", what, 0, 1000) ?? 1,
            ReadyAfter = r.Duration(m, "readyAfter", what) ?? TimeSpan.FromSeconds(1),
            NeverReady = r.Bool(m, "neverReady", what) ?? false,
            ProgressDeadlineSeconds = r.Int(m, "progressDeadlineSeconds", what, 1, 3600) ?? 10,
            Values = r.Object(m, "values", what) ?? [],
            GitCommit = r.String(m, "gitCommit", what),
        };
        var port = r.Int(m, "containerPort", what, 1, 65535) ?? 8080;
        var fullname = name is null ? "x" : HelmNames.Fullname(name, chart.Name ?? name);
        var service = ParseService(r, NodeReader.Child(m, "service"), what, fullname, port, defaultOn: true);
        var revisions = ParseRevisions(r, NodeReader.Child(m, "revisions"), m, what, name ?? "x", defaults);
        if (defaults.Image is null && revisions.Count > 0 && revisions.Any(x => x.ImageRepository.Length == 0))
        {
            r.Error(m, $"{what}: 'image' is required (the image repository, e.g. registry.example.com/videokit/api)");
        }

        if (r.Errors.Count > errorsBefore || name is null)
        {
            return null;
        }

        return new ScenarioRelease
        {
            Name = name,
            Namespace = ns,
            StorageDriver = storage,
            WorkloadKind = kind,
            ContainerPort = port,
            Service = service,
            Revisions = revisions,
        };
    }

    private static List<ScenarioRevision> ParseRevisions(NodeReader r, YamlNode? node, YamlMappingNode release, string what, string releaseName, RevisionFields defaults)
    {
        var result = new List<ScenarioRevision>();
        if (node is null)
        {
            r.Error(release, $"{what}: 'revisions' is required (a list, or {{count: N}})");
            return result;
        }

        var items = new SortedDictionary<int, (YamlMappingNode Node, RevisionFields Fields)>();
        int count;
        DateTimeOffset start = DefaultStart;
        var interval = TimeSpan.FromHours(6);
        IEnumerable<YamlNode> itemNodes;
        if (node is YamlMappingNode compact)
        {
            // Compact form: revisions 1..count; the last deployed, the others superseded; items override single revisions.
            var cm = r.Mapping(compact, $"{what} revisions", "count", "start", "interval", "items");
            count = r.Int(cm, "count", $"{what} revisions", 1, 100000) ?? 0;
            if (NodeReader.Child(cm, "count") is null)
            {
                r.Error(compact, $"{what} revisions: 'count' is required in the compact form");
            }

            start = r.Time(cm, "start", $"{what} revisions") ?? start;
            interval = r.Duration(cm, "interval", $"{what} revisions") ?? interval;
            itemNodes = r.Sequence(NodeReader.Child(cm, "items"), $"{what} revisions.items")?.Children ?? [];
        }
        else if (r.Sequence(node, $"{what} revisions") is { } seq)
        {
            itemNodes = seq.Children;
            count = 0;
            if (seq.Children.Count == 0)
            {
                r.Error(seq, $"{what}: 'revisions' must not be empty");
            }
        }
        else
        {
            return result;
        }

        var listed = 0;
        foreach (var itemNode in itemNodes)
        {
            listed++;
            var im = r.Mapping(itemNode, $"{what} revision", "revision", "status", "description", "chart", "image", "tag", "replicas",
                "readyAfter", "neverReady", "progressDeadlineSeconds", "values", "gitCommit", "deployedAt", "gzip");
            if (im is null)
            {
                continue;
            }

            var rev = r.Int(im, "revision", $"{what} revision", 1, 100000) ?? (count == 0 ? listed : 0);
            if (NodeReader.Child(im, "revision") is null && count > 0)
            {
                r.Error(im, $"{what}: items in the compact form need 'revision'");
                continue;
            }

            if (count > 0 && rev > count)
            {
                r.Error(NodeReader.Child(im, "revision"), $"{what}: revision {rev} is beyond count {count}");
                continue;
            }

            if (!items.TryAdd(rev, (im, ParseFields(r, im, $"{what} revision {rev}"))))
            {
                r.Error(NodeReader.Child(im, "revision") ?? im, $"{what}: revision {rev} is defined twice");
            }
        }

        if (count == 0)
        {
            count = items.Count == 0 ? 0 : items.Keys.Max();
            var missing = Enumerable.Range(1, count).Where(i => !items.ContainsKey(i)).ToList();
            if (missing.Count > 0)
            {
                // Helm numbers revisions 1..N; gaps happen only through --history-max pruning of the OLDEST.
                if (missing.Max() > items.Keys.Min())
                {
                    r.Error(node, $"{what}: revisions must be consecutive (missing {string.Join(", ", missing.Where(i => i > items.Keys.Min()))})");
                    return result;
                }
            }
        }

        var first = count == 0 ? 0 : (items.Count > 0 && NodeReader.Child(release, "revisions") is YamlSequenceNode ? items.Keys.Min() : 1);
        var firstDeployed = (DateTimeOffset?)null;
        for (var rev = first; rev <= count && rev > 0; rev++)
        {
            items.TryGetValue(rev, out var item);
            var f = item.Fields ?? new RevisionFields();
            var status = f.Status ?? (rev == count ? HelmStatus.Deployed : HelmStatus.Superseded);
            if (!HelmStatus.IsKnown(status))
            {
                r.Error(NodeReader.Child(item.Node, "status"), $"{what} revision {rev}: unknown status '{status}' (one of deployed, superseded, failed, pending-install, pending-upgrade, pending-rollback, uninstalled, uninstalling, unknown)");
                continue;
            }

            var deployedAt = f.DeployedAt ?? start + (interval * (rev - 1)) + TimeSpan.FromTicks(rev * 1234567L % TimeSpan.TicksPerSecond);
            firstDeployed ??= deployedAt;
            var tag = f.Tag ?? f.GitCommit ?? defaults.Tag ?? defaults.GitCommit ?? DefaultTag(defaults.AppVersion, rev);
            result.Add(new ScenarioRevision
            {
                Revision = rev,
                Status = status,
                Description = f.Description ?? DefaultDescription(status, rev, releaseName),
                ChartName = f.ChartName ?? defaults.ChartName ?? releaseName,
                ChartVersion = f.ChartVersion ?? defaults.ChartVersion ?? "0.1.0",
                AppVersion = f.AppVersion ?? defaults.AppVersion,
                ImageRepository = f.Image ?? defaults.Image ?? string.Empty,
                ImageTag = tag,
                Replicas = f.Replicas ?? defaults.Replicas ?? 1,
                ReadyAfter = f.ReadyAfter ?? defaults.ReadyAfter ?? TimeSpan.FromSeconds(1),
                NeverReady = f.NeverReady ?? defaults.NeverReady ?? false,
                ProgressDeadlineSeconds = f.ProgressDeadlineSeconds ?? defaults.ProgressDeadlineSeconds ?? 10,
                GitCommit = f.GitCommit ?? (f.Tag is null ? defaults.GitCommit : null),
                Values = MergeValues(defaults.Values, f.Values),
                DeployedAt = deployedAt,
                Gzip = f.Gzip ?? true,
            });
        }

        return result;
    }

    private static RevisionFields ParseFields(NodeReader r, YamlMappingNode m, string what)
    {
        var chart = ParseChart(r, NodeReader.Child(m, "chart"), what, requiredName: false);
        return new RevisionFields
        {
            Status = r.String(m, "status", what),
            Description = r.String(m, "description", what),
            ChartName = chart.Name,
            ChartVersion = chart.Version,
            AppVersion = chart.AppVersion,
            Image = r.String(m, "image", what),
            Tag = r.String(m, "tag", what),
            Replicas = r.Int(m, "replicas", what, 0, 1000),
            ReadyAfter = r.Duration(m, "readyAfter", what),
            NeverReady = r.Bool(m, "neverReady", what),
            ProgressDeadlineSeconds = r.Int(m, "progressDeadlineSeconds", what, 1, 3600),
            Values = r.Object(m, "values", what),
            GitCommit = r.String(m, "gitCommit", what),
            DeployedAt = r.Time(m, "deployedAt", what),
            Gzip = r.Bool(m, "gzip", what),
        };
    }

    private static (string? Name, string? Version, string? AppVersion) ParseChart(NodeReader r, YamlNode? node, string what, bool requiredName)
    {
        if (node is null)
        {
            if (requiredName)
            {
                r.Error(null, $"{what}: 'chart' is required ({{name, version, appVersion}})");
            }

            return (null, null, null);
        }

        var m = r.Mapping(node, $"{what} chart", "name", "version", "appVersion");
        return (r.String(m, "name", $"{what} chart", required: requiredName), r.String(m, "version", $"{what} chart"), r.String(m, "appVersion", $"{what} chart"));
    }

    private static ScenarioService? ParseService(NodeReader r, YamlNode? node, string what, string defaultName, int containerPort, bool defaultOn)
    {
        if (node is null)
        {
            return defaultOn ? new ScenarioService(defaultName, 80, containerPort, []) : null;
        }

        if (node is YamlScalarNode { Value: "false" })
        {
            return null;
        }

        var m = r.Mapping(node, $"{what} service", "name", "port", "health");
        var health = new List<ScenarioHealthEndpoint>();
        foreach (var h in r.Sequence(NodeReader.Child(m, "health"), $"{what} service.health")?.Children ?? [])
        {
            var hm = r.Mapping(h, $"{what} health endpoint", "path", "body");
            var path = r.String(hm, "path", $"{what} health endpoint", required: true);
            if (path is not null && !path.StartsWith('/'))
            {
                r.Error(NodeReader.Child(hm, "path"), $"{what} health endpoint: path must start with '/'");
            }

            if (path is not null)
            {
                health.Add(new ScenarioHealthEndpoint(path, r.String(hm, "body", $"{what} health endpoint") ?? "ok"));
            }
        }

        return new ScenarioService(r.String(m, "name", $"{what} service") ?? defaultName, r.Int(m, "port", $"{what} service", 1, 65535) ?? 80, containerPort, health);
    }

    private static ScenarioWorkload? ParseWorkload(NodeReader r, YamlNode node)
    {
        var m = r.Mapping(node, "a workload", "kind", "name", "namespace", "image", "replicas", "readyAfter", "neverReady",
            "progressDeadlineSeconds", "containerPort", "paused", "labels", "history", "service");
        if (m is null)
        {
            return null;
        }

        var before = r.Errors.Count;
        var name = r.String(m, "name", "workload", required: true);
        var what = $"workload '{name}'";
        var kind = WorkloadKind(r, m, what);
        var image = r.String(m, "image", what, required: true);
        var history = new List<string>();
        foreach (var h in r.Sequence(NodeReader.Child(m, "history"), $"{what} history")?.Children ?? [])
        {
            if (h is YamlScalarNode { Value: { Length: > 0 } img })
            {
                history.Add(img);
            }
            else
            {
                r.Error(h, $"{what} history: each entry is an image (older templates, oldest first)");
            }
        }

        if (history.Count > 0 && kind != "Deployment")
        {
            r.Error(NodeReader.Child(m, "history"), $"{what}: history is supported for Deployments only (ReplicaSet history)");
        }

        var port = r.Int(m, "containerPort", what, 1, 65535) ?? 8080;
        var w = new ScenarioWorkload
        {
            Kind = kind,
            Name = name ?? "x",
            Namespace = r.String(m, "namespace", what) ?? "default",
            Image = image ?? string.Empty,
            Replicas = r.Int(m, "replicas", what, 0, 1000) ?? 1,
            ReadyAfter = r.Duration(m, "readyAfter", what) ?? TimeSpan.FromSeconds(1),
            NeverReady = r.Bool(m, "neverReady", what) ?? false,
            ProgressDeadlineSeconds = r.Int(m, "progressDeadlineSeconds", what, 1, 3600) ?? 10,
            ContainerPort = port,
            Paused = r.Bool(m, "paused", what) ?? false,
            Labels = r.StringMap(m, "labels", what) ?? new Dictionary<string, string>(StringComparer.Ordinal),
            History = history,
            Service = ParseService(r, NodeReader.Child(m, "service"), what, name ?? "x", port, defaultOn: false),
        };
        return r.Errors.Count > before ? null : w;
    }

    private static ScenarioFault? ParseFault(NodeReader r, YamlNode node)
    {
        var m = r.Mapping(node, "a fault", "type", "status", "rate", "path", "verb", "count", "latency", "duration", "retryAfterSeconds");
        var type = r.String(m, "type", "fault", required: true);
        if (type is not null && !FaultTypes.Contains(type, StringComparer.Ordinal))
        {
            r.Error(NodeReader.Child(m, "type"), $"fault: unknown type '{type}' (one of {string.Join(", ", FaultTypes)})");
            return null;
        }

        var status = r.Int(m, "status", "fault", 400, 599);
        if (type == "error" && status is null)
        {
            r.Error(m, "fault: an error fault needs 'status' (e.g. 500, 503, 429)");
        }

        var rate = r.Double(m, "rate", "fault");
        if (rate is < 0 or > 1)
        {
            r.Error(NodeReader.Child(m, "rate"), "fault: rate must be between 0 and 1");
        }

        return m is null || type is null ? null : new ScenarioFault
        {
            Type = type,
            Status = status,
            Rate = rate,
            Path = r.String(m, "path", "fault"),
            Verb = r.String(m, "verb", "fault"),
            Count = r.Int(m, "count", "fault", 1),
            Latency = r.Duration(m, "latency", "fault"),
            Duration = r.Duration(m, "duration", "fault"),
            RetryAfterSeconds = r.Int(m, "retryAfterSeconds", "fault", 0),
        };
    }

    private static string WorkloadKind(NodeReader r, YamlMappingNode m, string what)
    {
        var kind = r.String(m, "kind", what) ?? "Deployment";
        if (!WorkloadKinds.Contains(kind, StringComparer.Ordinal))
        {
            r.Error(NodeReader.Child(m, "kind"), $"{what}: kind must be Deployment, StatefulSet or DaemonSet, not {kind}");
            return "Deployment";
        }

        return kind;
    }

    private static JsonObject MergeValues(JsonObject? baseValues, JsonObject? overrides)
    {
        var result = (JsonObject)(baseValues?.DeepClone() ?? new JsonObject());
        if (overrides is null)
        {
            return result;
        }

        foreach (var (k, v) in overrides)
        {
            if (v is JsonObject vo && result[k] is JsonObject ro)
            {
                result[k] = MergeValues(ro, vo);
            }
            else
            {
                result[k] = v?.DeepClone();
            }
        }

        return result;
    }

    // helm pkg/action: the descriptions Helm writes for each status.
    private static string DefaultDescription(string status, int revision, string release) => status switch
    {
        HelmStatus.Deployed or HelmStatus.Superseded => revision == 1 ? "Install complete" : "Upgrade complete",
        HelmStatus.Failed => revision == 1
            ? $"Release \"{release}\" failed: context deadline exceeded"
            : $"Upgrade \"{release}\" failed: context deadline exceeded",
        HelmStatus.PendingInstall => "Initial install underway",
        HelmStatus.PendingUpgrade => "Preparing upgrade",
        HelmStatus.PendingRollback => $"Rollback to {Math.Max(1, revision - 1)}",
        HelmStatus.Uninstalled => "Uninstallation complete",
        HelmStatus.Uninstalling => "Deletion in progress (or silently failed)",
        _ => string.Empty,
    };

    private static string DefaultTag(string? appVersion, int revision) =>
        (appVersion ?? "1.0.0") + "-r" + revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (int Line, int Column) LastGoodPosition(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        Mark last = Mark.Empty;
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.Current!.End;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            // the point of failure: keep the last good mark
        }

        return ((int)last.Line, (int)last.Column);
    }

    private static string Inner(YamlException ex)
    {
        var msg = ex.InnerException?.Message ?? ex.Message;
        var paren = msg.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && msg.StartsWith('(') ? msg[(paren + 3)..] : msg;
    }

    private static bool IsDnsLabel(string s) => s.Length <= 63 && DnsLabel().IsMatch(s);

    // helm chartutil.ValidateReleaseName: DNS-1123 subdomain-ish, at most 53 characters.
    private static bool IsReleaseName(string s) => s.Length <= 53 && ReleaseName().IsMatch(s);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex ReleaseName();

    private sealed class RevisionFields
    {
        public string? Status { get; init; }
        public string? Description { get; init; }
        public string? ChartName { get; init; }
        public string? ChartVersion { get; init; }
        public string? AppVersion { get; init; }
        public string? Image { get; init; }
        public string? Tag { get; init; }
        public int? Replicas { get; init; }
        public TimeSpan? ReadyAfter { get; init; }
        public bool? NeverReady { get; init; }
        public int? ProgressDeadlineSeconds { get; init; }
        public JsonObject? Values { get; init; }
        public string? GitCommit { get; init; }
        public DateTimeOffset? DeployedAt { get; init; }
        public bool? Gzip { get; init; }
    }
}
