using System.Globalization;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// The rule Assert-RecoveryObjective applies: an objective is met when the measured recovery time is at most the
/// target (the same rule as RecoveryMeasurement.Met and ReportObjective.Met); an unmeasured recovery is a breach.
/// </summary>
public static class RecoveryObjectiveRule
{
    public static ObjectiveJudgement Judge(ObjectiveEvidence evidence, TimeSpan? targetOverride = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var target = targetOverride ?? evidence.Target;
        var name = $"Recovery objective '{evidence.Name}'";
        if (target is not { } t)
        {
            return new(evidence, null, ObjectiveFinding.NoTarget, $"{name} has no target to judge against.");
        }

        var targetText = Clock(t);
        if (evidence.Measured is not { } m)
        {
            var reason = evidence.NotMeasuredReason ?? "nothing was measured";
            return new(evidence, t, ObjectiveFinding.NotMeasured, $"{name} (target {targetText}) is breached: recovery was not measured — {reason}.");
        }

        var measured = RecoveryFormat.Format(m, evidence.Resolution);
        if (m > t)
        {
            var by = m - t;
            var within = by <= evidence.Resolution
                ? " That is within the measurement's resolution: the true recovery may have met the target; probe more often (-Interval) to decide."
                : string.Empty;
            return new(evidence, t, ObjectiveFinding.Missed, $"{name} breached: measured {measured}, target {targetText}, missed by {ReportText.Duration(by)} (± {ResolutionText(evidence.Resolution)}).{within}");
        }

        if (targetOverride is null && evidence.RecordedMet == false)
        {
            return new(evidence, t, ObjectiveFinding.RecordedBreach, $"{name} is recorded as breached although measured {measured} is within the target {targetText}.");
        }

        return new(evidence, t, ObjectiveFinding.Met, $"{name} met: measured {measured}, target {targetText}, {ReportText.Duration(t - m)} to spare.");
    }

    /// <summary>One message for every breach of one input, one per line after a summary line.</summary>
    public static string BreachMessage(IReadOnlyList<ObjectiveJudgement> breaches)
    {
        ArgumentNullException.ThrowIfNull(breaches);
        return breaches.Count == 1
            ? breaches[0].Message
            : $"{breaches.Count} recovery objectives breached:" + string.Concat(breaches.Select(b => System.Environment.NewLine + "- " + b.Message));
    }

    private static string Clock(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}") + (t.Milliseconds > 0 ? string.Create(CultureInfo.InvariantCulture, $".{t.Milliseconds:000}") : string.Empty);

    private static string ResolutionText(TimeSpan r) => RecoveryFormat.Format(TimeSpan.Zero, r).Split('±')[1].Trim();
}
