using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// The one place New-DrillReport reads PowerShell objects: it turns piped RollbackDrill objects (by type name, so
/// deserialized ones from jobs and remoting work too), hashtables and PSCustomObjects into plain report parts for
/// the engine. It reads properties by name and never reads a release's Values.
/// </summary>
internal sealed class ReportInputReader
{
    private const string Prefix = "RollbackDrill.";

    public List<ReportInputRow> Rows { get; } = [];

    public List<RollbackFact> Rollbacks { get; } = [];

    public List<ReportStep> Steps { get; } = [];

    public List<ReportObjective> Objectives { get; } = [];

    public List<ReportProbe> Probes { get; } = [];

    public List<ReportTiming> Timings { get; } = [];

    public List<ReportTranscriptEntry> Transcript { get; } = [];

    public ReportContext? Context { get; private set; }

    public bool DryRun { get; private set; }

    /// <summary>The RollbackDrill type an object carries (ReleaseRevision, ...), or null for anything else.</summary>
    public static string? RollbackDrillType(PSObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var name in input.TypeNames)
        {
            var n = name.StartsWith("Deserialized.", StringComparison.Ordinal) ? name["Deserialized.".Length..] : name;
            if (n.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return n[Prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>Folds one pipeline object into the report parts; throws a DrillException naming the type when it cannot.</summary>
    public void Add(PSObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (input.BaseObject)
        {
            case ReportObjective o:
                Objectives.Add(o);
                return;
            case ReportStep s:
                Steps.Add(s);
                return;
            case ReportProbe p:
                Probes.Add(p);
                return;
            case ReportTiming t:
                Timings.Add(t);
                return;
            case ReportComponentState c:
                Rows.Add(new ReportInputRow(c, c.Phase, false));
                return;
            case ReportTranscriptEntry e:
                Transcript.Add(e);
                return;
        }

        switch (RollbackDrillType(input))
        {
            case "DrillContextInfo":
                Context = new ReportContext
                {
                    Name = Str(input, "Context") ?? string.Empty,
                    Server = Str(input, "Server"),
                    Namespace = Str(input, "Namespace"),
                };
                return;
            case "ReleaseRevision" or "ReleaseStatus":
                AddRelease(input);
                return;
            case "RollbackResult":
                AddRollback(input);
                return;
            case "RecoveryMeasurement":
                AddMeasurement(input);
                return;
            case null when Has(input, "Component") || Has(input, "HelmRevision"):
                Rows.Add(new ReportInputRow(Row(input), Phase(input), AfterRollbackOf(Str(input, "Release") ?? Str(input, "Component"))));
                return;
            default:
                var type = input.TypeNames.Count > 0 ? input.TypeNames[0] : input.BaseObject.GetType().FullName;
                throw new DrillException(
                    ErrorIds.ReportInputNotRecognized,
                    DrillErrorKind.InvalidArgument,
                    $"New-DrillReport cannot fold an input object of type '{type}' into a report. It takes RollbackDrill.ReleaseRevision, " +
                    "ReleaseStatus, RollbackResult, RecoveryMeasurement and DrillContextInfo objects, and hashtables or objects with " +
                    "before/after columns (Component, Phase, HelmRevision, ChartVersion, AppVersion, GitCommit, Status).",
                    input.BaseObject)
                {
                    RecommendedAction = "Pass objectives, steps and probes with -Objective, -Step and -Probe, and text with -Observation.",
                };
        }
    }

    /// <summary>An objective from a hashtable/object: Name, Target, Measured, Resolution, Met, Description.</summary>
    public static ReportObjective Objective(PSObject o) => new()
    {
        Name = Required(o, "Name"),
        Target = Duration(o, "Target"),
        Measured = Duration(o, "Measured"),
        Resolution = Duration(o, "Resolution"),
        Met = Bool(o, "Met"),
        Description = Str(o, "Description"),
    };

    /// <summary>A procedure step: Name, Description, Command (argv), StartedAt, EndedAt, Outcome.</summary>
    public static ReportStep Step(PSObject o) => new()
    {
        Name = Required(o, "Name"),
        Description = Str(o, "Description"),
        Command = Strings(o, "Command"),
        StartedAt = Time(o, "StartedAt", "Started", "Start"),
        EndedAt = Time(o, "EndedAt", "Ended", "End", "CompletedAt"),
        Outcome = Str(o, "Outcome", "Result"),
    };

    /// <summary>Validation evidence: Name, Target, FirstHealthy, Checks, Failures, LastStatus, Healthy.</summary>
    public static ReportProbe Probe(PSObject o)
    {
        var firstHealthy = Time(o, "FirstHealthyAt", "FirstHealthy", "HealthyAt");
        return new ReportProbe
        {
            Name = Required(o, "Name"),
            Target = Str(o, "Target", "Url", "Uri", "Endpoint"),
            FirstHealthy = firstHealthy,
            Checks = Int(o, "Checks", "Attempts") ?? 0,
            Failures = Int(o, "Failures", "Failed") ?? 0,
            LastStatus = Str(o, "LastStatus", "Status"),
            Healthy = Bool(o, "Healthy", "Recovered", "Passed") ?? firstHealthy is not null,
        };
    }

    /// <summary>A transcript line: a string, or an object with Timestamp, Source, Text.</summary>
    public static ReportTranscriptEntry TranscriptEntry(PSObject o) =>
        o.BaseObject is string s
            ? new ReportTranscriptEntry { Text = s }
            : new ReportTranscriptEntry { Timestamp = Time(o, "Timestamp", "Time"), Source = Str(o, "Source"), Text = Required(o, "Text") };

    /// <summary>A timing: Name, StartedAt, EndedAt, Duration.</summary>
    public static ReportTiming Timing(PSObject o) => new()
    {
        Name = Required(o, "Name"),
        StartedAt = Time(o, "StartedAt", "Started", "Start"),
        EndedAt = Time(o, "EndedAt", "Ended", "End"),
        Duration = Duration(o, "Duration"),
    };

    private void AddRelease(PSObject o)
    {
        var name = Required(o, "Name");
        var status = Str(o, "Status");
        if (Int(o, "PodsTotal") is { } total and > 0)
        {
            status = $"{status}, {Int(o, "PodsReady") ?? 0}/{total} pods ready";
        }

        var rollbackOf = Int(o, "RollbackOf") ?? (Get(o, "Current") is { } cur ? Int(PSObject.AsPSObject(cur), "RollbackOf") : null);
        var row = new ReportComponentState
        {
            Component = name,
            Release = name,
            Namespace = Str(o, "Namespace"),
            HelmRevision = Int(o, "Revision"),
            RollbackOf = rollbackOf,
            // helm history's CHART column (name-version, e.g. videokit-0.1.0), as the seed report's "Chart Version" shows it.
            ChartVersion = Str(o, "Chart") is { Length: > 0 } chart ? chart : Str(o, "ChartVersion"),
            AppVersion = Str(o, "AppVersion"),
            GitCommit = Str(o, "GitCommit"),
            Status = status,
        };
        Rows.Add(new ReportInputRow(row, null, AfterRollbackOf(name)));
        ContextFrom(o);
    }

    private void AddRollback(PSObject o)
    {
        var release = Required(o, "Release", "Name", "ReleaseName");
        var dryRun = Bool(o, "DryRun", "WhatIf", "IsDryRun") ?? false;
        var succeeded = Bool(o, "Succeeded", "Success");
        var outcome = dryRun ? "Planned" : succeeded switch { true => "Succeeded", false => "Failed", null => Str(o, "Outcome", "Status") };
        var ns = Str(o, "Namespace");
        var fact = new RollbackFact
        {
            Release = release,
            Namespace = ns,
            FromRevision = Int(o, "FromRevision", "PreviousRevision", "CurrentRevision"),
            TargetRevision = Int(o, "TargetRevision", "ToRevision"),
            NewRevision = Int(o, "NewRevision", "ResultRevision"),
            Succeeded = succeeded ?? (outcome is null ? null : outcome.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)),
            DryRun = dryRun,
        };
        Rollbacks.Add(fact);
        DryRun |= dryRun;
        Steps.Add(new ReportStep
        {
            Name = $"Roll back {(ns is null ? release : ns + "/" + release)}" + (fact.TargetRevision is { } t ? " to revision " + t.ToString(CultureInfo.InvariantCulture) : string.Empty),
            Description = Str(o, "Message", "Description", "Error"),
            Command = Strings(o, "Command", "CommandLine", "Argv"),
            StartedAt = Time(o, "StartedAt", "Started", "StartTime"),
            EndedAt = Time(o, "CompletedAt", "EndedAt", "Finished", "EndTime"),
            Outcome = outcome,
        });
        ContextFrom(o);
    }

    private void AddMeasurement(PSObject o)
    {
        var name = Str(o, "Name", "Objective", "Release") ?? "Recovery";
        var target = Duration(o, "Objective", "Target", "ObjectiveTime", "Rto", "RecoveryTimeObjective");
        var measured = Duration(o, "Measured", "RecoveryTime", "Elapsed");
        Objectives.Add(new ReportObjective
        {
            Name = name,
            Target = target,
            Measured = measured,
            Resolution = Duration(o, "Resolution"),
            Met = Bool(o, "Met", "ObjectiveMet", "WithinObjective"),
            Description = Str(o, "Description", "Message"),
        });
        var t0 = Time(o, "T0", "StartedAt", "Start");
        var healthy = Time(o, "HealthyAt", "RecoveredAt", "EndedAt", "End");
        if (t0 is not null || healthy is not null)
        {
            Timings.Add(new ReportTiming { Name = "Recovery: " + name, StartedAt = t0, EndedAt = healthy, Duration = measured });
        }

        if (Get(o, "Probes", "ProbeResults") is { } probes)
        {
            foreach (var p in LanguagePrimitives.GetEnumerable(probes) ?? new[] { probes })
            {
                Probes.Add(Probe(PSObject.AsPSObject(p)));
            }
        }

        ContextFrom(o);
    }

    private void ContextFrom(PSObject o)
    {
        if (Context is null && Str(o, "Context") is { Length: > 0 } ctx)
        {
            Context = new ReportContext { Name = ctx };
        }
    }

    private bool AfterRollbackOf(string? release) =>
        release is not null && Rollbacks.Any(r => string.Equals(r.Release, release, StringComparison.Ordinal));

    private static ReportComponentState Row(PSObject o) => new()
    {
        Component = Str(o, "Component", "Release", "Name") ?? throw Missing(o, "Component"),
        Release = Str(o, "Release"),
        Namespace = Str(o, "Namespace"),
        HelmRevision = Int(o, "HelmRevision", "Revision"),
        RollbackOf = Int(o, "RollbackOf"),
        ChartVersion = Str(o, "ChartVersion"),
        AppVersion = Str(o, "AppVersion"),
        GitCommit = Str(o, "GitCommit"),
        Status = Str(o, "Status"),
    };

    private static ReportPhase? Phase(PSObject o) => Str(o, "Phase") switch
    {
        null or "" => null,
        var p when p.Equals("Before", StringComparison.OrdinalIgnoreCase) || p.Equals("pre-drill", StringComparison.OrdinalIgnoreCase) || p.Equals("pre", StringComparison.OrdinalIgnoreCase) => ReportPhase.Before,
        var p when p.Equals("After", StringComparison.OrdinalIgnoreCase) || p.Equals("post-roll", StringComparison.OrdinalIgnoreCase) || p.Equals("post", StringComparison.OrdinalIgnoreCase) => ReportPhase.After,
        var p => throw Invalid(o, "Phase", p, "Before or After"),
    };

    private static bool Has(PSObject o, string name) => Get(o, name) is not null;

    private static object? Get(PSObject o, params string[] names)
    {
        foreach (var name in names)
        {
            object? value = null;
            if (o.BaseObject is IDictionary d)
            {
                foreach (DictionaryEntry e in d)
                {
                    if (e.Key is string k && k.Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = e.Value;
                        break;
                    }
                }
            }
            else
            {
                value = o.Properties[name]?.Value;
            }

            if (value is PSObject p)
            {
                value = p.BaseObject;
            }

            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Str(PSObject o, params string[] names) => Get(o, names) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    private static string Required(PSObject o, params string[] names) =>
        Str(o, names) is { Length: > 0 } s ? s : throw Missing(o, names[0]);

    private static int? Int(PSObject o, params string[] names)
    {
        var v = Get(o, names);
        if (v is null)
        {
            return null;
        }

        return LanguagePrimitives.TryConvertTo<int>(v, CultureInfo.InvariantCulture, out var i) ? i : throw Invalid(o, names[0], v, "a whole number");
    }

    private static bool? Bool(PSObject o, params string[] names) => Get(o, names) switch
    {
        null => null,
        bool b => b,
        SwitchParameter sw => sw.IsPresent,
        string s when bool.TryParse(s, out var b) => b,
        var v => throw Invalid(o, names[0], v, "$true or $false"),
    };

    private static TimeSpan? Duration(PSObject o, params string[] names)
    {
        var v = Get(o, names);
        switch (v)
        {
            case null:
                return null;
            case TimeSpan t:
                return t;
            case int or long or double or decimal or float:
                return TimeSpan.FromSeconds(Convert.ToDouble(v, CultureInfo.InvariantCulture));
            default:
                var text = Convert.ToString(v, CultureInfo.InvariantCulture);
                return ReportDuration.TryParse(text, out var d) ? d : throw Invalid(o, names[0], v, "a duration such as 00:05:00, 300 (seconds), 5m or PT5M");
        }
    }

    private static DateTimeOffset? Time(PSObject o, params string[] names)
    {
        var v = Get(o, names);
        switch (v)
        {
            case null:
                return null;
            case DateTimeOffset t:
                return t;
            case DateTime dt:
                return dt.Kind == DateTimeKind.Utc ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt);
            default:
                var text = Convert.ToString(v, CultureInfo.InvariantCulture);
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw Invalid(o, names[0], v, "a date and time such as 2024-11-18T09:00:00Z");
        }
    }

    private static List<string> Strings(PSObject o, params string[] names) => Get(o, names) switch
    {
        null => [],
        string s => [s],
        IEnumerable e => e.Cast<object?>().Where(x => x is not null).Select(x => Convert.ToString(x is PSObject p ? p.BaseObject : x, CultureInfo.InvariantCulture) ?? string.Empty).ToList(),
        var v => [Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty],
    };

    private static DrillException Missing(PSObject o, string name) =>
        new(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, $"The input has no '{name}' value, which a drill report needs.", o.BaseObject);

    private static DrillException Invalid(PSObject o, string name, object value, string expected) =>
        new(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, $"The '{name}' value '{value}' is not {expected}.", o.BaseObject);
}
