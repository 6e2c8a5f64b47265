using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static RollbackDrill.Engine.Drills.DrillYamlReader;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Parses and validates drill files (<c>apiVersion: rollbackdrill/v1</c>, <c>kind: Drill</c>). Every mistake is
/// collected with file, line, column and field; <see cref="DrillFileException"/> lists them all.
/// </summary>
public static class DrillFileParser
{
    public const string Kind = "Drill";

    public static DrillDefinition ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DrillFileException(path, [new DrillFileError { Path = path, Line = 0, Column = 0, Field = string.Empty, Message = "Cannot read the file: " + e.Message }]);
        }

        return Parse(text, path);
    }

    /// <summary>Parses drill YAML; <paramref name="path"/> names the source in errors and anchors relative report paths.</summary>
    public static DrillDefinition Parse(string yaml, string path)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        var reader = new DrillYamlReader(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader.Error((int)e.Start.Line, (int)e.Start.Column, string.Empty, "Not valid YAML: " + (e.InnerException?.Message ?? e.Message));
            throw new DrillFileException(path, reader.Errors);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet reports some malformed flow collections without a position.
            reader.Error(1, 1, string.Empty, "Not valid YAML: " + e.Message);
            throw new DrillFileException(path, reader.Errors);
        }

        if (stream.Documents.Count != 1)
        {
            reader.Error(1, 1, string.Empty, $"Expected exactly one YAML document; found {stream.Documents.Count}.");
            throw new DrillFileException(path, reader.Errors);
        }

        var drill = ReadDrill(stream.Documents[0].RootNode, reader, path);
        if (reader.Errors.Count > 0 || drill is null)
        {
            throw new DrillFileException(path, reader.Errors);
        }

        return drill;
    }

    private static DrillDefinition? ReadDrill(YamlNode root, DrillYamlReader r, string path)
    {
        var doc = r.Mapping(root, string.Empty, "apiVersion", "kind", "metadata", "spec");
        if (doc is null)
        {
            return null;
        }

        var apiVersion = r.String(doc, "apiVersion", string.Empty, required: true);
        if (apiVersion is not null && apiVersion != DrillDefinition.CurrentApiVersion)
        {
            r.Error(Child(doc, "apiVersion"), "apiVersion", $"Unsupported apiVersion '{apiVersion}'; this module reads '{DrillDefinition.CurrentApiVersion}'.");
        }

        var kind = r.String(doc, "kind", string.Empty, required: true);
        if (kind is not null && kind != Kind)
        {
            r.Error(Child(doc, "kind"), "kind", $"Expected kind '{Kind}'; got '{kind}'.");
        }

        var metadata = r.Mapping(Child(doc, "metadata"), "metadata", "name", "description");
        if (metadata is null && Child(doc, "metadata") is null)
        {
            r.Error(doc, "metadata", "Required field is missing.");
        }

        var name = r.String(metadata, "name", "metadata", required: true);
        var description = r.String(metadata, "description", "metadata");

        const string S = "spec";
        var spec = r.Mapping(Child(doc, S), S, "environment", "context", "namespace", "timeout", "objectives", "groups", "steps", "probes", "baseline", "stopConditions", "reports");
        if (Child(doc, S) is null)
        {
            r.Error(doc, S, "Required field is missing.");
            return null;
        }

        var environment = r.String(spec, "environment", S, required: true);
        var context = r.String(spec, "context", S, required: true);
        var ns = r.String(spec, "namespace", S, required: true);
        if (ns is not null && !DrillNames.IsNamespace(ns))
        {
            r.Error(Child(spec, "namespace"), "spec.namespace", $"'{ns}' is not a valid namespace name (DNS-1123 label).");
        }

        var timeout = r.Duration(spec, "timeout", S);
        var objectives = ReadObjectives(spec, r);
        // Names declared in the file count even when their entry has another mistake, so one error is reported once.
        var tiers = DeclaredNames(spec, "objectives", "tier");
        var groups = ReadGroups(spec, r, ns ?? "default", tiers);
        var steps = ReadSteps(spec, r);
        var probes = ReadProbes(spec, r, tiers);
        var baseline = ReadBaseline(spec, r);
        var stops = ReadStopConditions(spec, r, DeclaredNames(spec, "probes", "name"));
        var reports = ReadReports(spec, r);

        if (r.Errors.Count > 0)
        {
            return null;
        }

        return new DrillDefinition
        {
            Name = name!,
            Description = description,
            ApiVersion = apiVersion!,
            SourcePath = path,
            Environment = environment!,
            Context = context!,
            Namespace = ns!,
            Timeout = timeout ?? TimeSpan.FromMinutes(5),
            Objectives = objectives,
            Groups = groups,
            Steps = steps,
            Probes = probes,
            Baseline = baseline,
            StopConditions = stops,
            Reports = reports,
        };
    }

    private static HashSet<string> DeclaredNames(YamlMappingNode? spec, string list, string key) =>
        (Child(spec, list) as YamlSequenceNode)?.Children
            .Select(item => (Child(item as YamlMappingNode, key) as YamlScalarNode)?.Value)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal) ?? [];

    private static List<DrillObjective> ReadObjectives(YamlMappingNode? spec, DrillYamlReader r)
    {
        var result = new List<DrillObjective>();
        var items = r.Sequence(spec, "objectives", "spec");
        for (var i = 0; i < items.Count; i++)
        {
            var f = $"spec.objectives[{i}]";
            var map = r.Mapping(items[i], f, "tier", "recoveryTime", "description");
            if (map is null)
            {
                continue;
            }

            var tier = r.String(map, "tier", f, required: true);
            var rto = r.Duration(map, "recoveryTime", f, required: true);
            if (tier is not null && result.Any(o => o.Tier == tier))
            {
                r.Error(Child(map, "tier"), f + ".tier", $"Tier '{tier}' has more than one objective.");
            }

            if (tier is not null && rto is not null)
            {
                result.Add(new DrillObjective { Tier = tier, RecoveryTime = rto.Value, Description = r.String(map, "description", f) });
            }
        }

        return result;
    }

    private static List<DrillReleaseGroup> ReadGroups(YamlMappingNode? spec, DrillYamlReader r, string defaultNamespace, HashSet<string> tiers)
    {
        var result = new List<DrillReleaseGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        var items = r.Sequence(spec, "groups", "spec", required: spec is not null);
        for (var g = 0; g < items.Count; g++)
        {
            var f = $"spec.groups[{g}]";
            var map = r.Mapping(items[g], f, "name", "releases");
            if (map is null)
            {
                continue;
            }

            var name = r.String(map, "name", f) ?? $"group-{g + 1}";
            if (!groupNames.Add(name))
            {
                r.Error(Child(map, "name"), f + ".name", $"Group name '{name}' is used twice.");
            }

            var releases = new List<DrillRelease>();
            var list = r.Sequence(map, "releases", f, required: true);
            for (var i = 0; i < list.Count; i++)
            {
                var rf = $"{f}.releases[{i}]";
                var release = ReadRelease(list[i], rf, r, defaultNamespace, tiers);
                if (release is null)
                {
                    continue;
                }

                if (!seen.Add(release.Namespace + "/" + release.Name))
                {
                    r.Error(list[i], rf, $"Release '{release.Namespace}/{release.Name}' is listed more than once; a release rolls back once per drill.");
                }

                releases.Add(release);
            }

            result.Add(new DrillReleaseGroup { Name = name, Releases = releases });
        }

        return result;
    }

    private static DrillRelease? ReadRelease(YamlNode node, string f, DrillYamlReader r, string defaultNamespace, HashSet<string> tiers)
    {
        // Shorthand: a plain release name.
        if (node is YamlScalarNode scalar)
        {
            if (string.IsNullOrEmpty(scalar.Value) || !DrillNames.IsReleaseName(scalar.Value))
            {
                r.Error(node, f, $"'{scalar.Value}' is not a valid Helm release name.");
                return null;
            }

            return new DrillRelease { Name = scalar.Value, Namespace = defaultNamespace };
        }

        var map = r.Mapping(node, f, "name", "namespace", "revision", "tier");
        if (map is null)
        {
            return null;
        }

        var name = r.String(map, "name", f, required: true);
        if (name is not null && !DrillNames.IsReleaseName(name))
        {
            // helm: release names are at most 53 characters, lowercase DNS-1123.
            r.Error(Child(map, "name"), f + ".name", $"'{name}' is not a valid Helm release name (lowercase letters, digits, '-', '.', at most 53 characters).");
            name = null;
        }

        var ns = r.String(map, "namespace", f);
        if (ns is not null && !DrillNames.IsNamespace(ns))
        {
            r.Error(Child(map, "namespace"), f + ".namespace", $"'{ns}' is not a valid namespace name (DNS-1123 label).");
        }

        var revision = r.Integer(map, "revision", f, min: 1);
        var tier = r.String(map, "tier", f);
        if (tier is not null && !tiers.Contains(tier))
        {
            r.Error(Child(map, "tier"), f + ".tier", $"Tier '{tier}' has no objective in spec.objectives.");
        }

        return name is null ? null : new DrillRelease { Name = name, Namespace = ns ?? defaultNamespace, Revision = (int?)revision, Tier = tier };
    }

    private static readonly string[] StepKinds = ["scale", "undoRollout", "run", "pause"];

    private static List<DrillStep> ReadSteps(YamlMappingNode? spec, DrillYamlReader r)
    {
        var result = new List<DrillStep>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = r.Sequence(spec, "steps", "spec");
        for (var i = 0; i < items.Count; i++)
        {
            var f = $"spec.steps[{i}]";
            var map = r.Mapping(items[i], f, ["name", "phase", "continueOnError", .. StepKinds]);
            if (map is null)
            {
                continue;
            }

            var kinds = StepKinds.Where(k => Child(map, k) is not null).ToList();
            if (kinds.Count != 1)
            {
                r.Error(map, f, kinds.Count == 0
                    ? "A step needs exactly one of: scale, undoRollout, run, pause."
                    : $"A step has exactly one action; found {string.Join(", ", kinds)}.");
                continue;
            }

            var name = r.String(map, "name", f) ?? $"step-{i + 1}";
            if (!names.Add(name))
            {
                r.Error(Child(map, "name"), f + ".name", $"Step name '{name}' is used twice.");
            }

            var phase = r.Enum<DrillStepPhase>(map, "phase", f) ?? DrillStepPhase.AfterRollback;
            var continueOnError = r.Boolean(map, "continueOnError", f) ?? false;
            var step = kinds[0] switch
            {
                "scale" => ReadScale(map, f + ".scale", r, name),
                "undoRollout" => ReadUndo(map, f + ".undoRollout", r, name),
                "run" => ReadRun(map, f + ".run", r, name),
                _ => ReadPause(map, f + ".pause", r, name),
            };
            if (step is not null)
            {
                result.Add(new DrillStep
                {
                    Name = step.Name, Kind = step.Kind, Phase = phase, ContinueOnError = continueOnError, Workload = step.Workload,
                    Namespace = step.Namespace, Replicas = step.Replicas, ToRevision = step.ToRevision, Command = step.Command,
                    WorkingDirectory = step.WorkingDirectory, Duration = step.Duration, Timeout = step.Timeout,
                });
            }
        }

        return result;
    }

    private static DrillStep? ReadScale(YamlMappingNode step, string f, DrillYamlReader r, string name)
    {
        var map = r.Mapping(Child(step, "scale"), f, "workload", "namespace", "replicas", "timeout");
        if (map is null)
        {
            return null;
        }

        var workload = WorkloadRef(map, f, r, deploymentOnly: false);
        var ns = Namespace(map, f, r);
        var replicas = r.Integer(map, "replicas", f, min: 0, required: true);
        var timeout = r.Duration(map, "timeout", f);
        return workload is null || replicas is null ? null
            : new DrillStep { Name = name, Kind = DrillStepKind.Scale, Workload = workload, Namespace = ns, Replicas = (int)Math.Min(replicas.Value, int.MaxValue), Timeout = timeout };
    }

    private static DrillStep? ReadUndo(YamlMappingNode step, string f, DrillYamlReader r, string name)
    {
        var map = r.Mapping(Child(step, "undoRollout"), f, "workload", "namespace", "toRevision", "timeout");
        if (map is null)
        {
            return null;
        }

        // kubectl rollout undo: --to-revision 0 means the previous revision; negative revisions are rejected.
        var workload = WorkloadRef(map, f, r, deploymentOnly: true);
        var ns = Namespace(map, f, r);
        var toRevision = r.Integer(map, "toRevision", f, min: 0);
        var timeout = r.Duration(map, "timeout", f);
        return workload is null ? null
            : new DrillStep { Name = name, Kind = DrillStepKind.UndoRollout, Workload = workload, Namespace = ns, ToRevision = toRevision is 0 ? null : toRevision, Timeout = timeout };
    }

    private static DrillStep? ReadRun(YamlMappingNode step, string f, DrillYamlReader r, string name)
    {
        var map = r.Mapping(Child(step, "run"), f, "command", "workingDirectory", "timeout");
        if (map is null)
        {
            return null;
        }

        var commandNode = Child(map, "command");
        IReadOnlyList<string> argv = [];
        if (commandNode is YamlScalarNode)
        {
            r.Error(commandNode, f + ".command", "The command is an argv list (- program, - arg, ...), never a shell string.");
        }
        else
        {
            argv = r.StringList(map, "command", f);
            if (commandNode is null)
            {
                r.Error(map, f + ".command", "Required field is missing.");
            }
            else if (argv.Count == 0 || string.IsNullOrWhiteSpace(argv[0]))
            {
                r.Error(commandNode, f + ".command", "The command list must start with the program to run.");
            }
        }

        var dir = r.String(map, "workingDirectory", f);
        var timeout = r.Duration(map, "timeout", f);
        return argv.Count == 0 ? null
            : new DrillStep { Name = name, Kind = DrillStepKind.Run, Command = argv, WorkingDirectory = dir, Timeout = timeout };
    }

    private static DrillStep? ReadPause(YamlMappingNode step, string f, DrillYamlReader r, string name)
    {
        var map = r.Mapping(Child(step, "pause"), f, "duration");
        var duration = r.Duration(map, "duration", f, required: true);
        return duration is null ? null : new DrillStep { Name = name, Kind = DrillStepKind.Pause, Duration = duration };
    }

    private static string? WorkloadRef(YamlMappingNode map, string f, DrillYamlReader r, bool deploymentOnly)
    {
        var workload = r.String(map, "workload", f, required: true);
        if (workload is not null && !DrillNames.IsWorkloadReference(workload, deploymentOnly))
        {
            r.Error(Child(map, "workload"), f + ".workload", deploymentOnly
                ? $"'{workload}' is not deployment/NAME; rollout undo applies to Deployments."
                : $"'{workload}' is not KIND/NAME with KIND deployment, statefulset or replicaset.");
            return null;
        }

        return workload;
    }

    private static string? Namespace(YamlMappingNode map, string f, DrillYamlReader r)
    {
        var ns = r.String(map, "namespace", f);
        if (ns is not null && !DrillNames.IsNamespace(ns))
        {
            r.Error(Child(map, "namespace"), f + ".namespace", $"'{ns}' is not a valid namespace name (DNS-1123 label).");
        }

        return ns;
    }

    private static readonly string[] ProbeKinds = ["http", "tcp", "prometheus", "alerts", "kubernetes"];

    // The names of Measure-RecoveryTime's ProbeComparison (recovery branch).
    private static readonly string[] Comparisons = ["WithinTolerance", "LessThan", "LessThanOrEqual", "GreaterThan", "GreaterThanOrEqual", "Equal"];

    private static List<DrillProbe> ReadProbes(YamlMappingNode? spec, DrillYamlReader r, HashSet<string> tiers)
    {
        var result = new List<DrillProbe>();
        var items = r.Sequence(spec, "probes", "spec");
        for (var i = 0; i < items.Count; i++)
        {
            var f = $"spec.probes[{i}]";
            var map = r.Mapping(items[i], f, ["name", "tier", "interval", .. ProbeKinds]);
            if (map is null)
            {
                continue;
            }

            var name = r.String(map, "name", f, required: true);
            if (name is not null && result.Any(p => p.Name == name))
            {
                r.Error(Child(map, "name"), f + ".name", $"Probe name '{name}' is used twice.");
            }

            var tier = r.String(map, "tier", f);
            if (tier is not null && !tiers.Contains(tier))
            {
                r.Error(Child(map, "tier"), f + ".tier", $"Tier '{tier}' has no objective in spec.objectives.");
            }

            var interval = r.Duration(map, "interval", f);
            var kinds = ProbeKinds.Where(k => Child(map, k) is not null).ToList();
            if (kinds.Count != 1)
            {
                r.Error(map, f, kinds.Count == 0
                    ? "A probe needs exactly one of: http, tcp, prometheus, alerts, kubernetes."
                    : $"A probe has exactly one kind; found {string.Join(", ", kinds)}.");
                continue;
            }

            var kf = f + "." + kinds[0];
            DrillProbe? probe = kinds[0] switch
            {
                "http" => ReadHttp(map, kf, r, name, tier, interval),
                "tcp" => ReadTcp(map, kf, r, name, tier, interval),
                "prometheus" => ReadPrometheus(map, kf, r, name, tier, interval),
                "kubernetes" => ReadKubernetes(map, kf, r, name, tier, interval),
                _ => ReadAlerts(map, kf, r, name, tier, interval),
            };
            if (probe is not null && name is not null)
            {
                result.Add(probe);
            }
        }

        return result;
    }

    private static DrillProbe? ReadHttp(YamlMappingNode probe, string f, DrillYamlReader r, string? name, string? tier, TimeSpan? interval)
    {
        var map = r.Mapping(Child(probe, "http"), f, "url", "method", "expectedStatus", "bodyContains", "jsonPath", "jsonValue", "headersFromEnv", "skipCertificateCheck");
        if (map is null)
        {
            return null;
        }

        var url = r.AbsoluteUrl(map, "url", f, required: true);
        var statuses = r.StringList(map, "expectedStatus", f);
        foreach (var status in statuses.Where(s => !IsStatusPattern(s)))
        {
            r.Error(Child(map, "expectedStatus"), f + ".expectedStatus", $"'{status}' is not a status code (100-599) or a class such as 2xx.");
        }

        var jsonPath = r.String(map, "jsonPath", f);
        var jsonValue = r.String(map, "jsonValue", f);
        if (jsonValue is not null && jsonPath is null)
        {
            r.Error(Child(map, "jsonValue"), f + ".jsonValue", "jsonValue needs jsonPath.");
        }

        return url is null ? null : new DrillProbe
        {
            Name = name ?? string.Empty, Kind = DrillProbeKind.Http, Tier = tier, Interval = interval, Url = url,
            Method = r.String(map, "method", f) ?? "GET", ExpectedStatus = statuses, BodyContains = r.String(map, "bodyContains", f),
            JsonPath = jsonPath, JsonValue = jsonValue, HeaderFromEnvironment = r.StringMap(map, "headersFromEnv", f),
            SkipCertificateCheck = r.Boolean(map, "skipCertificateCheck", f) ?? false,
        };
    }

    private static bool IsStatusPattern(string s) =>
        (s.Length == 3 && s[0] is >= '1' and <= '5' && ((char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2])) || s[1..] is "xx" or "XX"));

    private static DrillProbe? ReadTcp(YamlMappingNode probe, string f, DrillYamlReader r, string? name, string? tier, TimeSpan? interval)
    {
        var map = r.Mapping(Child(probe, "tcp"), f, "address");
        var address = r.String(map, "address", f, required: true);
        if (address is null)
        {
            return null;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            r.Error(Child(map, "address"), f + ".address", $"'{address}' is not host:port with a port from 1 to 65535.");
            return null;
        }

        return new DrillProbe { Name = name ?? string.Empty, Kind = DrillProbeKind.Tcp, Tier = tier, Interval = interval, Address = address };
    }

    private static DrillProbe? ReadPrometheus(YamlMappingNode probe, string f, DrillYamlReader r, string? name, string? tier, TimeSpan? interval)
    {
        var map = r.Mapping(Child(probe, "prometheus"), f, "url", "query", "threshold", "comparison", "tolerancePercent");
        if (map is null)
        {
            return null;
        }

        var url = r.AbsoluteUrl(map, "url", f, required: true);
        var query = r.String(map, "query", f, required: true);
        var threshold = r.Number(map, "threshold", f);
        var tolerance = r.Number(map, "tolerancePercent", f);
        if (tolerance is < 0)
        {
            r.Error(Child(map, "tolerancePercent"), f + ".tolerancePercent", "Must not be negative.");
        }

        var comparison = r.String(map, "comparison", f);
        if (comparison is not null && !Comparisons.Contains(comparison, StringComparer.OrdinalIgnoreCase))
        {
            r.Error(Child(map, "comparison"), f + ".comparison", $"'{comparison}' is not one of: {string.Join(", ", Comparisons)}.");
        }

        return url is null || query is null ? null : new DrillProbe
        {
            Name = name ?? string.Empty, Kind = DrillProbeKind.Prometheus, Tier = tier, Interval = interval, Url = url, Query = query,
            Threshold = threshold, TolerancePercent = tolerance, Comparison = comparison,
        };
    }

    private static DrillProbe? ReadAlerts(YamlMappingNode probe, string f, DrillYamlReader r, string? name, string? tier, TimeSpan? interval)
    {
        var map = r.Mapping(Child(probe, "alerts"), f, "url", "matchers");
        var url = r.AbsoluteUrl(map, "url", f, required: true);
        var matchers = r.StringMap(map, "matchers", f);
        return url is null ? null : new DrillProbe
        {
            Name = name ?? string.Empty, Kind = DrillProbeKind.Alerts, Tier = tier, Interval = interval, Url = url, AlertMatchers = matchers,
        };
    }

    // Measure-RecoveryTime -Release: every workload of the release rolled out (kubectl rollout status's rules).
    private static DrillProbe? ReadKubernetes(YamlMappingNode probe, string f, DrillYamlReader r, string? name, string? tier, TimeSpan? interval)
    {
        var map = r.Mapping(Child(probe, "kubernetes"), f, "release", "namespace");
        var release = r.String(map, "release", f, required: true);
        if (release is not null && !DrillNames.IsReleaseName(release))
        {
            r.Error(Child(map, "release"), f + ".release", $"'{release}' is not a Helm release name (DNS-1123, at most 53 characters).");
            return null;
        }

        var ns = map is null ? null : Namespace(map, f, r);
        return release is null ? null : new DrillProbe
        {
            Name = name ?? string.Empty, Kind = DrillProbeKind.Kubernetes, Tier = tier, Interval = interval, Release = release, Namespace = ns,
        };
    }

    private static DrillBaseline? ReadBaseline(YamlMappingNode? spec, DrillYamlReader r)
    {
        var node = Child(spec, "baseline");
        if (node is null)
        {
            return null;
        }

        var map = r.Mapping(node, "spec.baseline", "capture", "duration");
        return new DrillBaseline
        {
            Capture = r.Boolean(map, "capture", "spec.baseline") ?? true,
            Duration = r.Duration(map, "duration", "spec.baseline") ?? TimeSpan.FromMinutes(1),
        };
    }

    private static List<DrillStopCondition> ReadStopConditions(YamlMappingNode? spec, DrillYamlReader r, HashSet<string> probeNames)
    {
        var result = new List<DrillStopCondition>();
        var items = r.Sequence(spec, "stopConditions", "spec");
        for (var i = 0; i < items.Count; i++)
        {
            var f = $"spec.stopConditions[{i}]";
            var map = r.Mapping(items[i], f, "probe", "failingFor");
            var probe = r.String(map, "probe", f, required: true);
            if (probe is not null && !probeNames.Contains(probe))
            {
                r.Error(Child(map, "probe"), f + ".probe", $"No probe named '{probe}' in spec.probes.");
                probe = null;
            }

            var failingFor = r.Duration(map, "failingFor", f, positive: false);
            if (probe is not null)
            {
                result.Add(new DrillStopCondition { Probe = probe, FailingFor = failingFor ?? TimeSpan.Zero });
            }
        }

        return result;
    }

    private static List<DrillReportOutput> ReadReports(YamlMappingNode? spec, DrillYamlReader r)
    {
        var result = new List<DrillReportOutput>();
        var items = r.Sequence(spec, "reports", "spec");
        for (var i = 0; i < items.Count; i++)
        {
            var f = $"spec.reports[{i}]";
            var map = r.Mapping(items[i], f, "format", "path");
            var format = r.Enum<DrillReportFormat>(map, "format", f, required: true);
            var path = r.String(map, "path", f, required: true);
            if (path is not null && path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                r.Error(Child(map, "path"), f + ".path", "The path contains characters that are not allowed in a path.");
                path = null;
            }

            if (path is not null && result.Any(o => string.Equals(o.Path, path, StringComparison.Ordinal)))
            {
                r.Error(Child(map, "path"), f + ".path", $"Two reports write to '{path}'.");
            }

            if (format is not null && path is not null)
            {
                result.Add(new DrillReportOutput { Format = format.Value, Path = path });
            }
        }

        return result;
    }
}
