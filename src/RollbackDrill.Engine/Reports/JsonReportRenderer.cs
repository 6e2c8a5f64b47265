using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The report as a JSON journal with a stable, versioned schema (<see cref="SchemaVersion"/>): camelCase names,
/// every key always present (null when unknown), times as ISO 8601 UTC strings, durations as numbers of seconds
/// (keys ending in "Seconds"), enums as lower-case strings. Documented in Export-DrillReport's help.
/// </summary>
public static class JsonReportRenderer
{
    /// <summary>Bumped on any incompatible change; additions of keys keep the major version.</summary>
    public const string SchemaVersion = "1.0";

    public const string Kind = "RollbackDrillReport";

    public static string Render(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
        using (var w = new Utf8JsonWriter(stream, options))
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", SchemaVersion);
            w.WriteString("kind", Kind);
            w.WriteString("title", report.Title);
            w.WriteString("verdict", Enum(report.Verdict));
            w.WriteBoolean("dryRun", report.DryRun);
            Str(w, "summary", report.Summary);
            Str(w, "environment", report.Environment);
            w.WritePropertyName("context");
            if (report.Context is { } c)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                Str(w, "server", c.Server);
                Str(w, "namespace", c.Namespace);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            Str(w, "operator", report.Operator);
            Str(w, "toolVersion", report.ToolVersion);
            Time(w, "generatedAt", report.GeneratedAt);
            w.WriteStartObject("window");
            Time(w, "start", report.WindowStart);
            Time(w, "end", report.WindowEnd);
            Seconds(w, "durationSeconds", report.WindowStart is { } ws && report.WindowEnd is { } we ? we - ws : null);
            w.WriteEndObject();
            Strings(w, "releases", report.Releases);

            w.WriteStartArray("objectives");
            foreach (var o in report.Objectives)
            {
                w.WriteStartObject();
                w.WriteString("name", o.Name);
                Seconds(w, "targetSeconds", o.Target);
                Seconds(w, "measuredSeconds", o.Measured);
                Seconds(w, "resolutionSeconds", o.Resolution);
                Bool(w, "met", o.Met);
                Str(w, "description", o.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("components");
            foreach (var s in report.Components)
            {
                w.WriteStartObject();
                w.WriteString("component", s.Component);
                w.WriteString("phase", Enum(s.Phase));
                Str(w, "release", s.Release);
                Str(w, "namespace", s.Namespace);
                Int(w, "helmRevision", s.HelmRevision);
                Int(w, "rollbackOf", s.RollbackOf);
                Str(w, "chartVersion", s.ChartVersion);
                Str(w, "appVersion", s.AppVersion);
                Str(w, "gitCommit", s.GitCommit);
                Str(w, "status", s.Status);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("steps");
            foreach (var s in report.Steps)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                Str(w, "description", s.Description);
                Strings(w, "command", s.Command);
                Str(w, "commandLine", s.Command.Count > 0 ? CommandLine.Format(s.Command) : null);
                Time(w, "startedAt", s.StartedAt);
                Time(w, "endedAt", s.EndedAt);
                Seconds(w, "durationSeconds", s.Duration);
                Str(w, "outcome", s.Outcome);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("probes");
            foreach (var p in report.Probes)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                Str(w, "target", p.Target);
                Time(w, "firstHealthy", p.FirstHealthy);
                w.WriteNumber("checks", p.Checks);
                w.WriteNumber("failures", p.Failures);
                Str(w, "lastStatus", p.LastStatus);
                w.WriteBoolean("healthy", p.Healthy);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("timings");
            foreach (var t in report.Timings)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                Time(w, "startedAt", t.StartedAt);
                Time(w, "endedAt", t.EndedAt);
                Seconds(w, "durationSeconds", t.Duration);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Strings(w, "observations", report.Observations);
            Strings(w, "followUps", report.FollowUps);
            Strings(w, "artifacts", report.Artifacts);

            w.WriteStartArray("transcript");
            foreach (var t in report.Transcript)
            {
                w.WriteStartObject();
                Time(w, "timestamp", t.Timestamp);
                Str(w, "source", t.Source);
                w.WriteString("text", t.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Enum<T>(T value)
        where T : struct, Enum =>
        value.ToString().ToLowerInvariant();

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value) =>
        Str(w, name, value is { } v ? ReportText.Iso(v) : null);

    private static void Seconds(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, ReportText.Seconds(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Int(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Bool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
