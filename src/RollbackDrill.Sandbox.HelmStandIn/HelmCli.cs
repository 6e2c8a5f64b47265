using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;

namespace RollbackDrill.Sandbox.HelmStandIn;

/// <summary>
/// helm's command-line contract for version, history, status and rollback, against a sandbox reached
/// through the kubeconfig. Reads Helm's storage through the Kubernetes API (Secrets, or ConfigMaps with
/// HELM_DRIVER=configmap); rollback goes to the sandbox's POST /sandbox/v1/helm/rollback, which runs the
/// helm rollback emulation in the sandbox. Environment: HELM_STANDIN_MAJOR=4 behaves as Helm 4 (=2 answers `version`
/// as Helm 2's client does, to test the refusal of unsupported majors);
/// HELM_STANDIN_LOG=FILE appends argv as one JSON line; HELM_STANDIN_KILL=after-pending|after-apply simulates a
/// helm killed mid-rollback (exit 137, no output); HELM_MAX_HISTORY, HELM_NAMESPACE, HELM_KUBECONTEXT, HELM_DRIVER
/// as in helm.
/// </summary>
internal static class HelmCli
{
    // Helm 3.15.4 and 4.0.0 release commits.
    private const string V3 = "v3.15.4";
    private const string V3Commit = "fa9efb07d9d8debbb4306d72af76a383895aa8c4";
    private const string V4 = "v4.0.0";
    private const string V2 = "v2.17.0";
    private const string V2Commit = "a690bad"; // the short commit of Helm v2.17.0, as its --short output shows it
    private const string V4Commit = "99cd1964357c793351be481d55abbe21c6b2f4ec";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly FlagSpec[] GlobalFlags =
    [
        new("namespace", 'n', FlagKind.String),
        new("kube-context", null, FlagKind.String),
        new("kubeconfig", null, FlagKind.String),
        new("debug", null, FlagKind.Bool, "false"),
        new("help", 'h', FlagKind.Bool, "false"),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        LogArgv(args);
        var major = Environment.GetEnvironmentVariable("HELM_STANDIN_MAJOR") switch { "4" => 4, "2" => 2, _ => 3 };
        try
        {
            var command = FindCommand(args);
            var rest = args.Where((_, i) => i != command.Index).ToList();
            switch (command.Name)
            {
                case "version":
                    return Version(Parse(rest, [new("short", null, FlagKind.Bool, "false"), new("template", null, FlagKind.String)], stderr), major, stdout);
                case "history" or "hist":
                    return await HistoryAsync(Parse(rest, [new("max", null, FlagKind.Int, "256"), new("output", 'o', FlagKind.String, "table")], stderr), stdout).ConfigureAwait(false);
                case "status":
                    return await StatusAsync(Parse(rest, [new("output", 'o', FlagKind.String, "table"), new("revision", null, FlagKind.Int, "0"), new("show-resources", null, FlagKind.Bool, "false")], stderr), stdout).ConfigureAwait(false);
                case "rollback":
                    return await RollbackAsync(Parse(rest, RollbackFlags(major), stderr), major, stdout).ConfigureAwait(false);
                case null:
                    throw new StandInException("this helm stand-in supports: version, history, status, rollback");
                default:
                    throw new StandInException($"unknown command \"{command.Name}\" for \"helm\"\nRun 'helm --help' for usage.");
            }
        }
        catch (StandInException ex)
        {
            await stderr.WriteLineAsync("Error: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (KilledException)
        {
            return 137; // 128 + SIGKILL: what a shell reports for a helm killed with kill -9
        }
    }

    private static FlagSpec[] RollbackFlags(int major)
    {
        var common = new List<FlagSpec>
        {
            new("no-hooks", null, FlagKind.Bool, "false"),
            new("timeout", null, FlagKind.Duration, "5m0s"),
            new("wait-for-jobs", null, FlagKind.Bool, "false"),
            new("cleanup-on-fail", null, FlagKind.Bool, "false"),
            new("history-max", null, FlagKind.Int, Environment.GetEnvironmentVariable("HELM_MAX_HISTORY") is { Length: > 0 } m ? m : "10"),
        };
        if (major == 3)
        {
            // helm v3 cmd/helm/rollback.go
            common.Add(new("dry-run", null, FlagKind.Bool, "false"));
            common.Add(new("recreate-pods", null, FlagKind.Bool, "false"));
            common.Add(new("force", null, FlagKind.Bool, "false"));
            common.Add(new("wait", null, FlagKind.Bool, "false"));
        }
        else
        {
            // helm v4 pkg/cmd/rollback.go: --wait takes a strategy (bare --wait = watcher), --force became
            // --force-replace (--force kept, deprecated), --recreate-pods removed, server-side apply flags added.
            common.Add(new("dry-run", null, FlagKind.OptionalString, "none", "client"));
            common.Add(new("force-replace", null, FlagKind.Bool, "false"));
            common.Add(new("force", null, FlagKind.Bool, "false", Deprecated: "use --force-replace instead"));
            common.Add(new("wait", null, FlagKind.OptionalString, "hookOnly", "watcher"));
            common.Add(new("server-side", null, FlagKind.String, "auto"));
            common.Add(new("force-conflicts", null, FlagKind.Bool, "false"));
        }

        return [.. common];
    }

    private static FlagParser Parse(List<string> args, FlagSpec[] specs, TextWriter stderr)
    {
        var p = new FlagParser([.. GlobalFlags, .. specs]);
        p.Parse(args);
        foreach (var w in p.Warnings)
        {
            stderr.WriteLine(w);
        }

        return p;
    }

    private static int Version(FlagParser f, int major, TextWriter stdout)
    {
        if (major == 2)
        {
            // Helm 2.17.0's client: `helm version --short` prints "Client: v2.17.0+ga690bad" (then fails to reach Tiller).
            stdout.WriteLine(f.Bool("short") ? $"Client: {V2}+g{V2Commit[..7]}" : $"Client: &version.Version{{SemVer:\"{V2}\", GitCommit:\"{V2Commit}\", GitTreeState:\"clean\"}}");
            return 0;
        }

        var (v, commit) = major == 4 ? (V4, V4Commit) : (V3, V3Commit);
        if (f.Bool("short"))
        {
            // helm version --short: "<version>+g<first 7 of the commit>"
            stdout.WriteLine($"{v}+g{commit[..7]}");
        }
        else
        {
            stdout.WriteLine($"version.BuildInfo{{Version:\"{v}\", GitCommit:\"{commit}\", GitTreeState:\"clean\", GoVersion:\"{(major == 4 ? "go1.25.4" : "go1.22.6")}\"}}");
        }

        return 0;
    }

    private static async Task<int> HistoryAsync(FlagParser f, TextWriter stdout)
    {
        var name = ExactlyOne(f, "history", "RELEASE_NAME");
        var (kc, ns) = Connect(f);
        var releases = await ReadHistoryAsync(kc, ns, name).ConfigureAwait(false);

        // cmd/helm/history.go getHistory: newest first, keep --max, then print oldest first.
        var kept = releases.OrderByDescending(HelmReleaseStore.Version).Take(f.Int("max")).Reverse().ToList();
        var rows = kept.Select(r => new JsonObject
        {
            ["revision"] = HelmReleaseStore.Version(r),
            ["updated"] = r["info"]?["last_deployed"]?.GetValue<string>() is { Length: > 0 } t ? t : "0001-01-01T00:00:00Z",
            ["status"] = HelmReleaseStore.Status(r),
            ["chart"] = ChartName(r),
            ["app_version"] = AppVersion(r),
            ["description"] = r["info"]?["description"]?.GetValue<string>() ?? "",
        }).ToList();
        switch (f.Get("output"))
        {
            case "json":
                stdout.WriteLine(new JsonArray([.. rows]).ToJsonString(Json));
                break;
            case "yaml":
                foreach (var row in rows)
                {
                    var y = YamlJson.ToYaml(row).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    stdout.Write("- " + string.Join("\n  ", y) + "\n");
                }

                break;
            case "table":
                WriteTable(stdout, ["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"],
                    rows.Select(r => new[]
                    {
                        r["revision"]!.ToJsonString(), Ansic(r["updated"]!.GetValue<string>()), r["status"]!.GetValue<string>(),
                        r["chart"]!.GetValue<string>(), r["app_version"]!.GetValue<string>(), r["description"]!.GetValue<string>(),
                    }));
                break;
            default:
                throw new StandInException($"invalid argument \"{f.Get("output")}\" for \"-o, --output\" flag: invalid format type");
        }

        return 0;
    }

    private static async Task<int> StatusAsync(FlagParser f, TextWriter stdout)
    {
        var name = ExactlyOne(f, "status", "RELEASE_NAME");
        var (kc, ns) = Connect(f);
        var releases = await ReadHistoryAsync(kc, ns, name).ConfigureAwait(false);
        var revision = f.Int("revision");
        var rel = revision > 0
            ? releases.FirstOrDefault(r => HelmReleaseStore.Version(r) == revision) ?? throw new StandInException("release: not found")
            : releases.MaxBy(HelmReleaseStore.Version)!;
        switch (f.Get("output"))
        {
            case "json":
                // helm status -o json prints the release object (as helm does, including its config).
                stdout.WriteLine(rel.ToJsonString(Json));
                break;
            case "table":
                var sb = new StringBuilder();
                sb.Append("NAME: ").Append(name).Append('\n');
                sb.Append("LAST DEPLOYED: ").Append(Ansic(rel["info"]?["last_deployed"]?.GetValue<string>() ?? "")).Append('\n');
                sb.Append("NAMESPACE: ").Append(rel["namespace"]?.GetValue<string>() ?? ns).Append('\n');
                sb.Append("STATUS: ").Append(HelmReleaseStore.Status(rel)).Append('\n');
                sb.Append("REVISION: ").Append(HelmReleaseStore.Version(rel).ToString(CultureInfo.InvariantCulture)).Append('\n');
                sb.Append("TEST SUITE: None\n");
                if (rel["info"]?["notes"]?.GetValue<string>() is { Length: > 0 } notes)
                {
                    sb.Append("NOTES:\n").Append(notes.TrimEnd('\n')).Append('\n');
                }

                stdout.Write(sb.ToString());
                break;
            default:
                throw new StandInException($"invalid argument \"{f.Get("output")}\" for \"-o, --output\" flag: invalid format type");
        }

        return 0;
    }

    private static async Task<int> RollbackAsync(FlagParser f, int major, TextWriter stdout)
    {
        if (f.Positionals.Count < 1)
        {
            throw new StandInException("\"helm rollback\" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]");
        }

        var revision = 0;
        if (f.Positionals.Count > 1 && !int.TryParse(f.Positionals[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out revision))
        {
            throw new StandInException($"could not convert revision to a number: strconv.Atoi: parsing \"{f.Positionals[1]}\": invalid syntax");
        }

        bool wait;
        if (major == 4)
        {
            var strategy = f.Get("wait");
            wait = strategy switch
            {
                "watcher" or "legacy" or "true" => true,
                "hookOnly" or "false" => false,
                _ => throw new StandInException($"invalid argument \"{strategy}\" for \"--wait\" flag: invalid wait input \"{strategy}\". Valid inputs are watcher, hookOnly, and legacy"),
            };
        }
        else
        {
            wait = f.Bool("wait");
        }

        var dryRun = major == 4 ? f.Get("dry-run") is not ("none" or "false") : f.Bool("dry-run");
        var (kc, ns) = Connect(f);
        var kill = Environment.GetEnvironmentVariable("HELM_STANDIN_KILL") switch
        {
            "after-pending" => "AfterPendingRecord",
            "after-apply" => "AfterApply",
            _ => "None",
        };
        var body = new JsonObject
        {
            ["namespace"] = ns,
            ["release"] = f.Positionals[0],
            ["revision"] = revision,
            ["wait"] = wait,
            ["timeoutSeconds"] = f.Duration("timeout").TotalSeconds,
            ["maxHistory"] = f.Int("history-max"),
            ["force"] = f.Bool("force") || (major == 4 && f.Bool("force-replace")),
            ["recreatePods"] = major == 3 && f.Bool("recreate-pods"),
            ["cleanupOnFail"] = f.Bool("cleanup-on-fail"),
            ["noHooks"] = f.Bool("no-hooks"),
            ["dryRun"] = dryRun,
            ["driver"] = Driver(),
            ["killAt"] = kill,
        };
        using var http = Client(kc);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        HttpResponseMessage resp;
        try
        {
            resp = await http.PostAsync(new Uri(kc.Server + HelmSandboxApi.RollbackPath), content).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(kc, ex);
        }

        using (resp)
        {
            var text = await resp.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (resp.StatusCode == HttpStatusCode.NotFound && !text.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw new StandInException($"this helm stand-in needs a RollbackDrill sandbox: {kc.Server} has no {HelmSandboxApi.RollbackPath} endpoint");
            }

            var answer = JsonNode.Parse(text)?.AsObject() ?? [];
            if (!resp.IsSuccessStatusCode)
            {
                throw new StandInException(answer["error"]?.GetValue<string>() ?? $"sandbox answered HTTP {(int)resp.StatusCode}");
            }

            if (answer["killed"]?.GetValue<bool>() == true)
            {
                throw new KilledException();
            }
        }

        stdout.WriteLine("Rollback was a success! Happy Helming!");
        return 0;
    }

    private static async Task<List<JsonObject>> ReadHistoryAsync(Kubeconfig kc, string ns, string name)
    {
        var resource = HelmReleaseStore.Resource(Driver());
        var url = $"{kc.Server}/api/v1/namespaces/{Uri.EscapeDataString(ns)}/{resource}?labelSelector={Uri.EscapeDataString("name=" + name + ",owner=helm")}";
        using var http = Client(kc);
        HttpResponseMessage resp;
        try
        {
            resp = await http.GetAsync(new Uri(url)).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(kc, ex);
        }

        using (resp)
        {
            var text = await resp.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!resp.IsSuccessStatusCode)
            {
                var msg = JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? resp.ReasonPhrase;
                throw new StandInException($"query: failed to query with labels: {msg}");
            }

            var result = new List<JsonObject>();
            foreach (var item in JsonNode.Parse(text)?["items"]?.AsArray() ?? [])
            {
                try
                {
                    result.Add(HelmReleaseCodec.DecodeRecord(item!.AsObject()));
                }
                catch (HelmReleaseFormatException)
                {
                    // driver Query: undecodable records are logged and skipped.
                }
            }

            // storage.Query: no records → driver.ErrReleaseNotFound.
            return result.Count == 0 ? throw new StandInException("release: not found") : result;
        }
    }

    private static (Kubeconfig Config, string Namespace) Connect(FlagParser f)
    {
        var kc = Kubeconfig.Load(f.Get("kubeconfig"), f.Get("kube-context"));
        var ns = f.Get("namespace") ?? (Environment.GetEnvironmentVariable("HELM_NAMESPACE") is { Length: > 0 } e ? e : null) ?? kc.Namespace ?? "default";
        return (kc, ns);
    }

    private static HttpClient Client(Kubeconfig kc)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        if (kc.Token is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static StandInException Unreachable(Kubeconfig kc, HttpRequestException ex) =>
        new($"Kubernetes cluster unreachable: Get \"{kc.Server}/version\": {ex.Message}", ex);

    private static string Driver() => Environment.GetEnvironmentVariable("HELM_DRIVER") switch
    {
        "configmap" or "configmaps" => HelmReleaseStore.ConfigMapDriver,
        _ => HelmReleaseStore.SecretDriver,
    };

    private static string ExactlyOne(FlagParser f, string command, string arg) => f.Positionals.Count == 1
        ? f.Positionals[0]
        : throw new StandInException($"\"helm {command}\" requires 1 argument\n\nUsage:  helm {command} {arg} [flags]");

    // cmd/helm/history.go formatChartname / formatAppVersion ("MISSING" when the chart metadata is absent).
    private static string ChartName(JsonObject r) => r["chart"]?["metadata"] is JsonObject m
        ? $"{m["name"]?.GetValue<string>()}-{m["version"]?.GetValue<string>()}"
        : "MISSING";

    private static string AppVersion(JsonObject r) => r["chart"]?["metadata"] is JsonObject m
        ? m["appVersion"]?.GetValue<string>() ?? ""
        : "MISSING";

    // Go time.ANSIC: "Mon Jan _2 15:04:05 2006" (day padded with a space).
    private static string Ansic(string rfc3339)
    {
        var t = HelmTime.Parse(rfc3339) ?? DateTimeOffset.MinValue;
        var local = t.ToLocalTime();
        return local.ToString("ddd MMM ", CultureInfo.InvariantCulture) + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) +
            local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }

    // gosuri/uitable as helm uses it: every cell padded to its column's width, cells joined by a tab.
    private static void WriteTable(TextWriter w, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var r in all)
        {
            w.WriteLine(string.Join("\t", r.Select((c, i) => c.PadRight(widths[i]))));
        }
    }

    /// <summary>cobra finds the subcommand as the first argument that is not a flag (or a global flag's value).</summary>
    private static (string? Name, int Index) FindCommand(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                break;
            }

            if (a.StartsWith('-'))
            {
                if (a is "-n" or "--namespace" or "--kube-context" or "--kubeconfig")
                {
                    i++;
                }

                continue;
            }

            return (a, i);
        }

        return (null, -1);
    }

    private static void LogArgv(string[] args)
    {
        if (Environment.GetEnvironmentVariable("HELM_STANDIN_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, JsonSerializer.Serialize(args, Json) + "\n");
        }
    }

    private sealed class KilledException : Exception
    {
    }
}
