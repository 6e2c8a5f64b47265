using Scriban.Runtime;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The report as a template sees it: plain read-only script objects, arrays, strings, numbers, UTC DateTimes
/// and TimeSpans under the snake_case names documented in Export-DrillReport's help and
/// examples/templates/README.md. Built from an already redacted report; no .NET object is exposed, so a template
/// can reach no method or type of the process.
/// </summary>
internal static class TemplateModel
{
    public static ScriptObject Report(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var components = report.Components.Select(Component).ToList();
        return Frozen(new Dictionary<string, object?>
        {
            ["title"] = report.Title,
            ["summary"] = report.Summary,
            ["environment"] = report.Environment,
            ["context"] = report.Context is { } c ? Frozen(new Dictionary<string, object?>
            {
                ["name"] = c.Name,
                ["server"] = c.Server,
                ["namespace"] = c.Namespace,
            }) : null,
            ["operator"] = report.Operator,
            ["tool_version"] = report.ToolVersion,
            ["generated_at"] = Utc(report.GeneratedAt),
            ["window_start"] = Utc(report.WindowStart),
            ["window_end"] = Utc(report.WindowEnd),
            ["window"] = ReportText.Window(report.WindowStart, report.WindowEnd),
            ["dry_run"] = report.DryRun,
            ["verdict"] = report.Verdict.ToString(),
            ["verdict_text"] = ReportText.VerdictWord(report.Verdict),
            ["releases"] = Array(report.Releases.Cast<object?>()),
            ["objectives"] = Array(report.Objectives.Select(Objective)),
            ["components"] = Array(components),
            ["before"] = Array(components.Where(c => Equals(c["phase"], nameof(ReportPhase.Before)))),
            ["after"] = Array(components.Where(c => Equals(c["phase"], nameof(ReportPhase.After)))),
            ["steps"] = Array(report.Steps.Select(Step)),
            ["probes"] = Array(report.Probes.Select(Probe)),
            ["timings"] = Array(report.Timings.Select(Timing)),
            ["observations"] = Array(report.Observations.Cast<object?>()),
            ["follow_ups"] = Array(report.FollowUps.Cast<object?>()),
            ["artifacts"] = Array(report.Artifacts.Cast<object?>()),
            ["transcript"] = Array(report.Transcript.Select(t => Frozen(new Dictionary<string, object?>
            {
                ["timestamp"] = Utc(t.Timestamp),
                ["source"] = t.Source,
                ["text"] = t.Text,
            }))),
        });
    }

    private static ScriptObject Objective(ReportObjective o) => Frozen(new Dictionary<string, object?>
    {
        ["name"] = o.Name,
        ["target"] = o.Target,
        ["measured"] = o.Measured,
        ["resolution"] = o.Resolution,
        ["met"] = o.Met,
        ["mark"] = ReportText.Mark(o.Met),
        ["status"] = o.Met switch { true => "met", false => "breached", null => "not judged" },
        ["description"] = o.Description,
    });

    private static ScriptObject Component(ReportComponentState c) => Frozen(new Dictionary<string, object?>
    {
        ["component"] = c.Component,
        ["phase"] = c.Phase.ToString(),
        ["release"] = c.Release,
        ["namespace"] = c.Namespace,
        ["helm_revision"] = c.HelmRevision,
        ["rollback_of"] = c.RollbackOf,
        ["revision"] = ReportText.Revision(c.HelmRevision, c.RollbackOf),
        ["chart_version"] = c.ChartVersion,
        ["app_version"] = c.AppVersion,
        ["git_commit"] = c.GitCommit,
        ["status"] = c.Status,
    });

    private static ScriptObject Step(ReportStep s) => Frozen(new Dictionary<string, object?>
    {
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["command"] = Array(s.Command.Cast<object?>()),
        ["command_line"] = s.Command.Count == 0 ? null : CommandLine.Format(s.Command),
        ["started_at"] = Utc(s.StartedAt),
        ["ended_at"] = Utc(s.EndedAt),
        ["duration"] = s.Duration,
        ["outcome"] = s.Outcome,
    });

    private static ScriptObject Probe(ReportProbe p) => Frozen(new Dictionary<string, object?>
    {
        ["name"] = p.Name,
        ["target"] = p.Target,
        ["first_healthy"] = Utc(p.FirstHealthy),
        ["checks"] = p.Checks,
        ["failures"] = p.Failures,
        ["last_status"] = p.LastStatus,
        ["healthy"] = p.Healthy,
    });

    private static ScriptObject Timing(ReportTiming t) => Frozen(new Dictionary<string, object?>
    {
        ["name"] = t.Name,
        ["started_at"] = Utc(t.StartedAt),
        ["ended_at"] = Utc(t.EndedAt),
        ["duration"] = t.Duration,
    });

    // Scriban's date functions work on DateTime; every time is handed over in UTC.
    private static DateTime? Utc(DateTimeOffset? time) => time?.UtcDateTime;

    private static ScriptObject Frozen(Dictionary<string, object?> values)
    {
        var o = new ScriptObject(values.Count);
        foreach (var (key, value) in values)
        {
            o.SetValue(key, value, readOnly: true);
        }

        o.IsReadOnly = true;
        return o;
    }

    private static ScriptArray Array(IEnumerable<object?> items)
    {
        var a = new ScriptArray(items);
        a.IsReadOnly = true;
        return a;
    }
}
