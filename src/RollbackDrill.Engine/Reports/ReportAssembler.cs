namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Pure rules that finish a report from what New-DrillReport collected: the phase of each before/after row, rows
/// implied by rollbacks, the releases in scope and the window.
/// </summary>
public static class ReportAssembler
{
    /// <summary>
    /// Assigns phases in input order: an explicit phase wins; otherwise the first row seen for a release is Before
    /// and any later row (or one that came after that release's rollback result) is After. So
    /// <c>$before, $rollback, $after | New-DrillReport</c> needs no labels.
    /// </summary>
    public static IReadOnlyList<ReportComponentState> AssignPhases(IEnumerable<ReportInputRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ReportComponentState>();
        foreach (var row in rows)
        {
            var key = Key(row.State.Namespace, row.State.Release ?? row.State.Component);
            var phase = row.ExplicitPhase ?? (row.AfterARollback || seen.Contains(key) ? ReportPhase.After : ReportPhase.Before);
            seen.Add(key);
            result.Add(row.State with { Phase = phase });
        }

        return result;
    }

    /// <summary>
    /// Completes the table from rollback results: a missing Before row gets the from-revision, a missing After row
    /// the new revision with the restored one (helm rollback writes N+1 as a copy of the target: "43 (41)"), and an
    /// After row with the new revision learns which revision it restored.
    /// </summary>
    public static IReadOnlyList<ReportComponentState> ApplyRollbacks(IReadOnlyList<ReportComponentState> rows, IEnumerable<RollbackFact> facts)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(facts);
        var result = rows.ToList();
        foreach (var f in facts)
        {
            bool Same(ReportComponentState s) =>
                string.Equals(s.Release ?? s.Component, f.Release, StringComparison.Ordinal)
                && (f.Namespace is null || s.Namespace is null || string.Equals(s.Namespace, f.Namespace, StringComparison.Ordinal));

            var before = result.FirstOrDefault(s => s.Phase == ReportPhase.Before && Same(s));
            if (before is null && f.FromRevision is not null)
            {
                before = new ReportComponentState { Component = f.Release, Release = f.Release, Namespace = f.Namespace, Phase = ReportPhase.Before, HelmRevision = f.FromRevision };
                var firstAfter = result.FindIndex(s => Same(s));
                result.Insert(firstAfter < 0 ? result.Count : firstAfter, before);
            }

            var afterIndex = result.FindLastIndex(s => s.Phase == ReportPhase.After && Same(s));
            if (afterIndex >= 0)
            {
                var after = result[afterIndex];
                if (after.RollbackOf is null && f.TargetRevision is not null && (f.NewRevision is null || after.HelmRevision == f.NewRevision))
                {
                    result[afterIndex] = after with { RollbackOf = f.TargetRevision };
                }
            }
            else if (!f.DryRun && (f.NewRevision is not null || f.TargetRevision is not null))
            {
                result.Insert(result.FindLastIndex(s => Same(s)) + 1, new ReportComponentState
                {
                    Component = before?.Component ?? f.Release,
                    Release = f.Release,
                    Namespace = f.Namespace,
                    Phase = ReportPhase.After,
                    HelmRevision = f.NewRevision,
                    RollbackOf = f.TargetRevision,
                    ChartVersion = null,
                    Status = f.Succeeded switch { true => "rolled back", false => "rollback failed", null => null },
                });
            }
        }

        return result;
    }

    /// <summary>The releases named anywhere in the report, in first-seen order, as namespace/release when known.</summary>
    public static IReadOnlyList<string> Releases(IEnumerable<ReportComponentState> rows, IEnumerable<RollbackFact> facts)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(facts);
        return rows.Where(r => r.Release is not null).Select(r => Key(r.Namespace, r.Release!))
            .Concat(facts.Select(f => Key(f.Namespace, f.Release)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The window when not given: from the earliest to the latest time any step, timing, probe or transcript entry carries.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End) Window(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var times = report.Steps.SelectMany(s => new[] { s.StartedAt, s.EndedAt })
            .Concat(report.Timings.SelectMany(t => new[] { t.StartedAt, t.EndedAt }))
            .Concat(report.Probes.Select(p => p.FirstHealthy))
            .Concat(report.Transcript.Select(t => t.Timestamp))
            .Where(t => t is not null)
            .Select(t => t!.Value)
            .ToList();
        return (report.WindowStart ?? (times.Count > 0 ? times.Min() : null), report.WindowEnd ?? (times.Count > 0 ? times.Max() : null));
    }

    /// <summary>
    /// The procedure in time order when every step has a start time (parameters and piped results interleave as they
    /// happened); otherwise in the order given, since an untimed step has no place in time.
    /// </summary>
    public static IReadOnlyList<ReportStep> OrderSteps(IEnumerable<ReportStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToList();
        return list.TrueForAll(s => s.StartedAt is not null) ? list.OrderBy(s => s.StartedAt).ToList() : list;
    }

    private static string Key(string? ns, string release) => ns is { Length: > 0 } ? ns + "/" + release : release;
}
