using System.Globalization;
using System.Text.Json;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Reads the JSON journal <see cref="JsonReportRenderer"/> writes back into a <see cref="DrillReport"/>, so that
/// rendering the result again gives the same bytes. Accepts every 1.x schema (later minor versions only add keys,
/// which are ignored); keys that are absent read as null or empty. Derived keys (verdict, durations of steps and
/// of the window, commandLine) are recomputed from the data, not read.
/// </summary>
public static class JsonReportReader
{
    public static JsonReportReadResult Read(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            throw new DrillException(ErrorIds.ReportJsonInvalid, DrillErrorKind.InvalidData, $"'{source}' is not valid JSON{where}: {FirstSentence(ex.Message)}", source, ex)
            {
                RecommendedAction = "Import a file written by Export-DrillReport -Format Json.",
            };
        }

        using (document)
        {
            var root = document.RootElement;
            CheckHeader(root, source);
            var reader = new Reader(source);
            var report = reader.Report(root);
            var recorded = root.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new JsonReportReadResult(report, recorded);
        }
    }

    /// <summary>"kind" must be RollbackDrillReport and "schemaVersion" a 1.x version.</summary>
    private static void CheckHeader(JsonElement root, string source)
    {
        var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (kind != JsonReportRenderer.Kind)
        {
            var found = root.ValueKind != JsonValueKind.Object ? $"its top level is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object"
                : kind is null ? "it has no \"kind\" key" : $"its \"kind\" is '{kind}'";
            throw new DrillException(
                ErrorIds.ReportNotRollbackDrill,
                DrillErrorKind.InvalidData,
                $"'{source}' is not a RollbackDrill report: {found} (expected \"kind\": \"{JsonReportRenderer.Kind}\").",
                source)
            {
                RecommendedAction = "Import a file written by Export-DrillReport -Format Json.",
            };
        }

        var version = root.TryGetProperty("schemaVersion", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var supportedMajor = JsonReportRenderer.SchemaVersion.Split('.')[0];
        if (version?.Split('.') is not [var major, ..] || major != supportedMajor || !version.Split('.').All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            throw new DrillException(
                ErrorIds.ReportSchemaUnsupported,
                DrillErrorKind.InvalidData,
                $"'{source}' has report schema version '{version ?? "(none)"}'; this RollbackDrill reads schema {supportedMajor}.x (it writes {JsonReportRenderer.SchemaVersion}).",
                source)
            {
                RecommendedAction = "Import the report with the RollbackDrill version that wrote it (its \"toolVersion\").",
            };
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    /// <summary>Typed reads that name the JSON path of a bad value, e.g. $.objectives[1].targetSeconds.</summary>
    private sealed class Reader(string source)
    {
        public DrillReport Report(JsonElement root)
        {
            var report = new DrillReport
            {
                Title = Required(root, "$", "title"),
                Summary = Str(root, "$", "summary"),
                DryRun = Bool(root, "$", "dryRun") ?? false,
                Environment = Str(root, "$", "environment"),
                Context = Context(root),
                Operator = Str(root, "$", "operator"),
                ToolVersion = Str(root, "$", "toolVersion"),
                GeneratedAt = Time(root, "$", "generatedAt") ?? throw Invalid("$.generatedAt", "is missing", "a time"),
            };
            if (Child(root, "$", "window", JsonValueKind.Object) is { } window)
            {
                report.WindowStart = Time(window, "$.window", "start");
                report.WindowEnd = Time(window, "$.window", "end");
            }

            Fill(report.Releases, Strings(root, "$", "releases"));
            Fill(report.Objectives, Items(root, "objectives", Objective));
            Fill(report.Components, Items(root, "components", Component));
            Fill(report.Steps, Items(root, "steps", Step));
            Fill(report.Probes, Items(root, "probes", Probe));
            Fill(report.Timings, Items(root, "timings", Timing));
            Fill(report.Observations, Strings(root, "$", "observations"));
            Fill(report.FollowUps, Strings(root, "$", "followUps"));
            Fill(report.Artifacts, Strings(root, "$", "artifacts"));
            Fill(report.Transcript, Items(root, "transcript", TranscriptEntry));
            return report;
        }

        private static void Fill<T>(IList<T> target, IEnumerable<T> items)
        {
            foreach (var item in items)
            {
                target.Add(item);
            }
        }

        private ReportContext? Context(JsonElement root) =>
            Child(root, "$", "context", JsonValueKind.Object) is { } c
                ? new ReportContext { Name = Str(c, "$.context", "name") ?? string.Empty, Server = Str(c, "$.context", "server"), Namespace = Str(c, "$.context", "namespace") }
                : null;

        private ReportObjective Objective(JsonElement e, string path)
        {
            var objective = new ReportObjective
            {
                Name = Required(e, path, "name"),
                Target = Seconds(e, path, "targetSeconds"),
                Measured = Seconds(e, path, "measuredSeconds"),
                Resolution = Seconds(e, path, "resolutionSeconds"),
                Description = Str(e, path, "description"),
            };

            // ReportObjective computes Met from target and measured unless it was given: keep it given only when the
            // journal's value differs from the computed one, so the object equals the one that was exported.
            var met = Bool(e, path, "met");
            return met == objective.Met ? objective : objective with { Met = met };
        }

        private ReportComponentState Component(JsonElement e, string path) => new()
        {
            Component = Required(e, path, "component"),
            Phase = Enum<ReportPhase>(e, path, "phase") ?? ReportPhase.Before,
            Release = Str(e, path, "release"),
            Namespace = Str(e, path, "namespace"),
            HelmRevision = Int(e, path, "helmRevision"),
            RollbackOf = Int(e, path, "rollbackOf"),
            ChartVersion = Str(e, path, "chartVersion"),
            AppVersion = Str(e, path, "appVersion"),
            GitCommit = Str(e, path, "gitCommit"),
            Status = Str(e, path, "status"),
        };

        private ReportStep Step(JsonElement e, string path) => new()
        {
            Name = Required(e, path, "name"),
            Description = Str(e, path, "description"),
            Command = Strings(e, path, "command"),
            StartedAt = Time(e, path, "startedAt"),
            EndedAt = Time(e, path, "endedAt"),
            Outcome = Str(e, path, "outcome"),
        };

        private ReportProbe Probe(JsonElement e, string path) => new()
        {
            Name = Required(e, path, "name"),
            Target = Str(e, path, "target"),
            FirstHealthy = Time(e, path, "firstHealthy"),
            Checks = Int(e, path, "checks") ?? 0,
            Failures = Int(e, path, "failures") ?? 0,
            LastStatus = Str(e, path, "lastStatus"),
            Healthy = Bool(e, path, "healthy") ?? false,
        };

        private ReportTiming Timing(JsonElement e, string path)
        {
            var timing = new ReportTiming { Name = Required(e, path, "name"), StartedAt = Time(e, path, "startedAt"), EndedAt = Time(e, path, "endedAt") };

            // As for objectives: the duration is end − start unless the journal says otherwise.
            var duration = Seconds(e, path, "durationSeconds");
            var computed = timing.Duration is { } d ? ReportText.Seconds(d) : (double?)null;
            return duration is { } given && computed == ReportText.Seconds(given) ? timing
                : duration is null && computed is null ? timing
                : timing with { Duration = duration };
        }

        private ReportTranscriptEntry TranscriptEntry(JsonElement e, string path) => new()
        {
            Timestamp = Time(e, path, "timestamp"),
            Source = Str(e, path, "source"),
            Text = Required(e, path, "text"),
        };

        private List<T> Items<T>(JsonElement root, string name, Func<JsonElement, string, T> read)
        {
            var list = new List<T>();
            if (Child(root, "$", name, JsonValueKind.Array) is not { } array)
            {
                return list;
            }

            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = $"$.{name}[{i++}]";
                list.Add(item.ValueKind == JsonValueKind.Object ? read(item, path) : throw Invalid(path, $"is a JSON {Kind(item)}", "an object"));
            }

            return list;
        }

        private JsonElement? Child(JsonElement e, string path, string name, JsonValueKind kind)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == kind ? v : throw Invalid($"{path}.{name}", $"is a JSON {Kind(v)}", $"a JSON {kind.ToString().ToLowerInvariant()} or null");
        }

        private string? Str(JsonElement e, string path, string name) =>
            Child(e, path, name, JsonValueKind.String)?.GetString();

        private string Required(JsonElement e, string path, string name) =>
            Str(e, path, name) ?? throw Invalid($"{path}.{name}", "is missing", "a string");

        private bool? Bool(JsonElement e, string path, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid($"{path}.{name}", $"is a JSON {Kind(v)}", "true, false or null"),
            };
        }

        private int? Int(JsonElement e, string path, string name) =>
            Child(e, path, name, JsonValueKind.Number) is { } v
                ? v.TryGetInt32(out var i) ? i : throw Invalid($"{path}.{name}", $"is {v.GetRawText()}", "a whole number")
                : null;

        /// <summary>Seconds with up to seven decimals, converted exactly (decimal) to ticks.</summary>
        private TimeSpan? Seconds(JsonElement e, string path, string name) =>
            Child(e, path, name, JsonValueKind.Number) is { } v
                ? v.TryGetDecimal(out var d) && Math.Abs(d) < (decimal)TimeSpan.MaxValue.TotalSeconds
                    ? TimeSpan.FromTicks((long)Math.Round(d * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero))
                    : throw Invalid($"{path}.{name}", $"is {v.GetRawText()}", "a number of seconds")
                : null;

        private DateTimeOffset? Time(JsonElement e, string path, string name) =>
            Str(e, path, name) is { } text
                ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                    ? t
                    : throw Invalid($"{path}.{name}", $"is '{text}'", "an ISO 8601 time such as 2024-11-18T09:00:00Z")
                : null;

        private T? Enum<T>(JsonElement e, string path, string name)
            where T : struct, Enum =>
            Str(e, path, name) is { } text
                ? System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !text.Any(char.IsDigit)
                    ? value
                    : throw Invalid($"{path}.{name}", $"is '{text}'", string.Join(" or ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant())))
                : null;

        private List<string> Strings(JsonElement e, string path, string name)
        {
            var list = new List<string>();
            if (Child(e, path, name, JsonValueKind.Array) is not { } array)
            {
                return list;
            }

            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid($"{path}.{name}[{i}]", $"is a JSON {Kind(item)}", "a string"));
                i++;
            }

            return list;
        }

        private static string Kind(JsonElement v) => v.ValueKind.ToString().ToLowerInvariant();

        private DrillException Invalid(string path, string found, string expected) =>
            new(ErrorIds.ReportJsonInvalid, DrillErrorKind.InvalidData, $"'{source}' is not a valid RollbackDrill report: {path} {found}, expected {expected}.", source)
            {
                RecommendedAction = "Import a file written by Export-DrillReport -Format Json, or correct the value at that path.",
            };
    }
}
