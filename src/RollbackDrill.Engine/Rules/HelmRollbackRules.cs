namespace RollbackDrill.Engine.Rules;

/// <summary>
/// Helm rollback's rules (helm pkg/action/rollback.go) as pure functions of a release's revision history, plus the
/// "last good" target Helm users have asked for and the in-progress lock.
/// </summary>
public static class HelmRollbackRules
{
    /// <summary>
    /// Resolves the target revision. helm rollback: current = the newest revision (Releases.Last, whatever its status);
    /// revision 0/omitted = current − 1 (not "last good"); a negative revision is "invalid release revision"; a target
    /// not in the stored history is "release has no N version". Also: fewer than two revisions, or target == current,
    /// is skipped; <paramref name="toLastDeployed"/> picks the newest revision before current that is deployed or
    /// superseded. Warns when the target is failed, pending-* or otherwise not known good; reports the pending lock.
    /// </summary>
    /// <param name="history">The release's stored revisions, any order.</param>
    /// <param name="revision">The revision asked for; null or 0 = Helm's default.</param>
    /// <param name="toLastDeployed">Choose the last good revision instead of current − 1.</param>
    /// <param name="now">The evaluation time, for the lock's age.</param>
    public static HelmRollbackTarget ResolveTarget(IEnumerable<HelmRevisionRecord> history, int? revision, bool toLastDeployed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ordered = history.Where(r => r is not null).OrderBy(r => r.Revision).ToList();
        var reason = toLastDeployed ? HelmTargetReason.LastDeployed
            : revision is > 0 ? HelmTargetReason.Explicit
            : HelmTargetReason.PreviousRevision;
        var warnings = new List<string>();

        if (toLastDeployed && revision is > 0)
        {
            throw new ArgumentException("A revision and ToLastDeployed cannot be combined: pick one.", nameof(toLastDeployed));
        }

        if (ordered.Count == 0)
        {
            // helm: Releases.Last fails with "release: not found".
            return new HelmRollbackTarget(null, null, reason, HelmSkipReason.ReleaseNotFound,
                "release: not found (the release has no revisions in Helm's storage)", warnings, null);
        }

        var current = ordered[^1];
        var releaseLock = LockOf(ordered, now);

        if (revision < 0)
        {
            return new HelmRollbackTarget(current, null, reason, HelmSkipReason.InvalidRevision,
                "invalid release revision (revisions are 1 or more; 0 or none means the previous one)", warnings, releaseLock);
        }

        if (ordered.Count < 2)
        {
            return new HelmRollbackTarget(current, null, reason, HelmSkipReason.SingleRevision,
                $"the release has only revision {current.Revision}: there is nothing to roll back to. " +
                "A release with a single revision needs a manual decision (uninstall, or upgrade to a known good chart).",
                warnings, releaseLock);
        }

        HelmRevisionRecord? target;
        int wanted;
        if (toLastDeployed)
        {
            target = LastGood(ordered, current.Revision);
            if (target is null)
            {
                return new HelmRollbackTarget(current, null, reason, HelmSkipReason.NoGoodRevision,
                    $"no revision before {current.Revision} is deployed or superseded: there is no last good revision to roll back to.",
                    warnings, releaseLock);
            }

            wanted = target.Revision;
        }
        else
        {
            wanted = revision is > 0 ? revision.Value : current.Revision - 1;
            target = ordered.FirstOrDefault(r => r.Revision == wanted);
            if (target is null)
            {
                var oldest = ordered[0].Revision;
                return new HelmRollbackTarget(current, null, reason, HelmSkipReason.TargetNotInHistory,
                    $"release has no {wanted} version" +
                    (wanted < oldest && wanted > 0 ? $" (history starts at revision {oldest}: older revisions were pruned by --history-max)" : string.Empty),
                    warnings, releaseLock);
            }
        }

        if (target.Revision == current.Revision)
        {
            return new HelmRollbackTarget(current, target, reason, HelmSkipReason.TargetIsCurrent,
                $"revision {target.Revision} is the current revision: rolling back to it would only re-apply it.",
                warnings, releaseLock);
        }

        if (target.Status is HelmReleaseStatus.Failed || target.Status.IsPending())
        {
            warnings.Add(reason == HelmTargetReason.PreviousRevision
                ? $"Helm's default target, revision {target.Revision} (current − 1), is {target.Status.ToHelmString()}: rolling back to it restores a release that did not deploy cleanly. Use -ToLastDeployed for the last deployed or superseded revision."
                : $"The target revision {target.Revision} is {target.Status.ToHelmString()}: it did not deploy cleanly.");
        }
        else if (target.Status is not (HelmReleaseStatus.Deployed or HelmReleaseStatus.Superseded))
        {
            warnings.Add($"The target revision {target.Revision} is {target.Status.ToHelmString()}.");
        }

        if (releaseLock is not null)
        {
            warnings.Add(releaseLock.Describe());
        }

        return new HelmRollbackTarget(current, target, reason, HelmSkipReason.None, null, warnings, releaseLock);
    }

    /// <summary>The newest revision before <paramref name="before"/> whose status is deployed or superseded.</summary>
    public static HelmRevisionRecord? LastGood(IEnumerable<HelmRevisionRecord> history, int before)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history
            .Where(r => r.Revision < before && r.Status is HelmReleaseStatus.Deployed or HelmReleaseStatus.Superseded)
            .MaxBy(r => r.Revision);
    }

    /// <summary>Helm's in-progress lock (helm errPending): the newest revision is pending-*; null when there is none.</summary>
    public static HelmReleaseLock? LockOf(IEnumerable<HelmRevisionRecord> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        var newest = history.MaxBy(r => r.Revision);
        if (newest is null || !newest.Status.IsPending())
        {
            return null;
        }

        TimeSpan? age = newest.Updated is { } since ? now - since : null;
        return new HelmReleaseLock(newest.Revision, newest.Status, newest.Updated, age);
    }

    /// <summary>
    /// helm rollback on success: revision current+1 is written with the target's chart, app version and
    /// "Rollback to N", then every deployed revision becomes superseded and current+1 deployed.
    /// </summary>
    public static IReadOnlyList<HelmRevisionRecord> ExpectedAfterSuccess(IEnumerable<HelmRevisionRecord> history, int targetRevision, DateTimeOffset? appliedAt = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ordered = history.OrderBy(r => r.Revision).ToList();
        var target = ordered.FirstOrDefault(r => r.Revision == targetRevision)
            ?? throw new ArgumentException($"revision {targetRevision} is not in the history", nameof(targetRevision));
        var next = ordered[^1].Revision + 1;
        var result = ordered
            .Select(r => r.Status == HelmReleaseStatus.Deployed ? r with { Status = HelmReleaseStatus.Superseded } : r)
            .ToList();
        result.Add(new HelmRevisionRecord(next, HelmReleaseStatus.Deployed, target.Chart, target.AppVersion, appliedAt, $"Rollback to {targetRevision}"));
        return result;
    }

    /// <summary>
    /// helm rollback on failure (update or wait failed): the previous newest revision becomes superseded and
    /// current+1 is failed. A helm killed mid-way leaves current+1 pending-rollback instead.
    /// </summary>
    public static IReadOnlyList<HelmRevisionRecord> ExpectedAfterFailure(IEnumerable<HelmRevisionRecord> history, int targetRevision, DateTimeOffset? appliedAt = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ordered = history.OrderBy(r => r.Revision).ToList();
        var target = ordered.FirstOrDefault(r => r.Revision == targetRevision)
            ?? throw new ArgumentException($"revision {targetRevision} is not in the history", nameof(targetRevision));
        var current = ordered[^1];
        var result = ordered.Select(r => r.Revision == current.Revision ? r with { Status = HelmReleaseStatus.Superseded } : r).ToList();
        result.Add(new HelmRevisionRecord(current.Revision + 1, HelmReleaseStatus.Failed, target.Chart, target.AppVersion, appliedAt, null));
        return result;
    }

    /// <summary>
    /// Checks Helm's storage after a rollback: revision current+1 exists, is deployed, carries the target's chart and
    /// app version, and no other revision is still deployed. Otherwise says what state was left and what to do.
    /// </summary>
    public static HelmRollbackVerification Verify(HelmRollbackTarget plan, IEnumerable<HelmRevisionRecord> historyAfter)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(historyAfter);
        if (plan.Current is null || plan.Target is null || !plan.WillRun)
        {
            throw new ArgumentException("Only a plan that runs can be verified.", nameof(plan));
        }

        var after = historyAfter.OrderBy(r => r.Revision).ToList();
        var expected = plan.Current.Revision + 1;
        var problems = new List<string>();
        var written = after.FirstOrDefault(r => r.Revision == expected);
        if (written is null)
        {
            var newest = after.Count > 0 ? after[^1].Revision : 0;
            problems.Add(newest > expected
                ? $"revision {expected} is missing but the release has moved on to revision {newest}: another operation ran at the same time."
                : $"revision {expected} was not written: helm did not start the rollback (the release is unchanged at revision {plan.Current.Revision}).");
            return new HelmRollbackVerification(false, expected, null, problems,
                newest > expected ? "Inspect the release history (Get-ReleaseRevision) before retrying." : "Check helm's error output, then retry the rollback.");
        }

        if (after.Count > 0 && after[^1].Revision != expected)
        {
            problems.Add($"revision {expected} is not the newest: revision {after[^1].Revision} was written after it by another operation.");
        }

        if (written.Status != HelmReleaseStatus.Deployed)
        {
            problems.Add(written.Status switch
            {
                HelmReleaseStatus.Failed => $"revision {expected} is failed: the rollback to {plan.Target.Revision} did not complete.",
                HelmReleaseStatus.PendingRollback => $"revision {expected} is left pending-rollback: helm stopped before it finished (killed or timed out). This locks the release for upgrades.",
                _ => $"revision {expected} is {written.Status.ToHelmString()}, expected deployed.",
            });
        }

        if (!string.Equals(written.Chart, plan.Target.Chart, StringComparison.Ordinal))
        {
            problems.Add($"revision {expected} has chart {written.Chart ?? "(none)"}, expected {plan.Target.Chart ?? "(none)"} from revision {plan.Target.Revision}.");
        }

        if (!string.Equals(written.AppVersion ?? string.Empty, plan.Target.AppVersion ?? string.Empty, StringComparison.Ordinal))
        {
            problems.Add($"revision {expected} has app version {written.AppVersion ?? "(none)"}, expected {plan.Target.AppVersion ?? "(none)"} from revision {plan.Target.Revision}.");
        }

        var otherDeployed = after.Where(r => r.Revision != expected && r.Status == HelmReleaseStatus.Deployed).Select(r => r.Revision).ToList();
        if (written.Status == HelmReleaseStatus.Deployed && otherDeployed.Count > 0)
        {
            problems.Add($"revision(s) {string.Join(", ", otherDeployed)} are still deployed beside {expected}: helm did not supersede them.");
        }

        var action = problems.Count == 0 ? null
            : written.Status == HelmReleaseStatus.PendingRollback
                ? $"Make sure no helm process is still running for the release, then roll back again to revision {plan.Target.Revision} (a rollback clears the pending state)."
                : written.Status == HelmReleaseStatus.Failed
                    ? $"Look at the workloads' events and helm's error, then roll back again to revision {plan.Target.Revision} or to the last good revision."
                    : "Inspect the release history (Get-ReleaseRevision) before acting.";
        return new HelmRollbackVerification(problems.Count == 0, expected, written.Status, problems, action);
    }
}
