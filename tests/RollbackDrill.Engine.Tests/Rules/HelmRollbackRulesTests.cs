using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class HelmRollbackRulesTests
{
    private static readonly DateTimeOffset Now = new(2024, 11, 18, 9, 0, 0, TimeSpan.Zero);

    private static HelmRevisionRecord R(int revision, HelmReleaseStatus status, string chart = "videokit-0.1.0", string? app = "1.0.0", int minutesAgo = 0) =>
        new(revision, status, chart, app, Now.AddMinutes(-minutesAgo - (100 - revision)));

    // seed 003: videokit-api 42 → 41 and videokit-worker 18 → 17 with Helm's default rule.
    [Theory]
    [InlineData(42, 41)]
    [InlineData(18, 17)]
    public void Videokit_DefaultTargetIsCurrentMinusOne(int current, int expected)
    {
        var history = Enumerable.Range(current - 9, 10)
            .Select(r => R(r, r == current ? HelmReleaseStatus.Deployed : HelmReleaseStatus.Superseded))
            .Reverse(); // order of input does not matter

        var target = HelmRollbackRules.ResolveTarget(history, null, false, Now);

        Assert.True(target.WillRun);
        Assert.Equal(current, target.Current!.Revision);
        Assert.Equal(expected, target.Target!.Revision);
        Assert.Equal(current + 1, target.NewRevision);
        Assert.Equal(HelmTargetReason.PreviousRevision, target.Reason);
        Assert.Empty(target.Warnings);
        Assert.Null(target.Lock);
    }

    [Fact]
    public void RevisionZero_IsHelmsDefaultToo()
    {
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Superseded), R(2, HelmReleaseStatus.Deployed)], 0, false, Now);

        Assert.Equal(1, target.Target!.Revision);
        Assert.Equal(HelmTargetReason.PreviousRevision, target.Reason);
    }

    [Fact]
    public void DefaultTarget_IsCurrentMinusOneEvenWhenFailed_WithAWarning()
    {
        var history = new[] { R(5, HelmReleaseStatus.Superseded), R(6, HelmReleaseStatus.Failed), R(7, HelmReleaseStatus.Deployed) };

        var target = HelmRollbackRules.ResolveTarget(history, null, false, Now);

        Assert.True(target.WillRun);
        Assert.Equal(6, target.Target!.Revision);
        var warning = Assert.Single(target.Warnings);
        Assert.Contains("revision 6 (current − 1), is failed", warning, StringComparison.Ordinal);
        Assert.Contains("-ToLastDeployed", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HelmReleaseStatus.PendingUpgrade, "pending-upgrade")]
    [InlineData(HelmReleaseStatus.PendingInstall, "pending-install")]
    [InlineData(HelmReleaseStatus.PendingRollback, "pending-rollback")]
    public void DefaultTarget_WarnsWhenPending(HelmReleaseStatus status, string text)
    {
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Superseded), R(2, status), R(3, HelmReleaseStatus.Deployed)], null, false, Now);

        Assert.Contains($"is {text}", Assert.Single(target.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void ToLastDeployed_SkipsFailedAndPendingRevisions()
    {
        var history = new[]
        {
            R(10, HelmReleaseStatus.Superseded, chart: "videokit-0.0.9", app: "0.9.0"),
            R(11, HelmReleaseStatus.Failed),
            R(12, HelmReleaseStatus.PendingUpgrade),
            R(13, HelmReleaseStatus.Failed),
        };

        var target = HelmRollbackRules.ResolveTarget(history, null, true, Now);

        Assert.True(target.WillRun);
        Assert.Equal(10, target.Target!.Revision);
        Assert.Equal(HelmTargetReason.LastDeployed, target.Reason);
        Assert.Equal("videokit-0.0.9", target.Target.Chart);
        Assert.Empty(target.Warnings);
    }

    [Fact]
    public void ToLastDeployed_AcceptsDeployedBeforeCurrent()
    {
        // A failed upgrade can leave the previous revision "deployed".
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Superseded), R(2, HelmReleaseStatus.Deployed), R(3, HelmReleaseStatus.Failed)], null, true, Now);

        Assert.Equal(2, target.Target!.Revision);
    }

    [Fact]
    public void ToLastDeployed_WithNoGoodRevision_IsSkipped()
    {
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Failed), R(2, HelmReleaseStatus.Failed)], null, true, Now);

        Assert.False(target.WillRun);
        Assert.Equal(HelmSkipReason.NoGoodRevision, target.Skip);
    }

    [Fact]
    public void ToLastDeployed_WithAnExplicitRevision_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Superseded), R(2, HelmReleaseStatus.Deployed)], 1, true, Now));
    }

    [Fact]
    public void SingleRevision_IsSkipped_NeedsAManualDecision()
    {
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Deployed)], null, false, Now);

        Assert.False(target.WillRun);
        Assert.Equal(HelmSkipReason.SingleRevision, target.Skip);
        Assert.Contains("manual decision", target.SkipMessage, StringComparison.Ordinal);
        Assert.Null(target.NewRevision);
    }

    [Fact]
    public void NoRevisions_IsReleaseNotFound()
    {
        Assert.Equal(HelmSkipReason.ReleaseNotFound, HelmRollbackRules.ResolveTarget([], null, false, Now).Skip);
    }

    [Fact]
    public void PrunedTarget_IsHelmsReleaseHasNoVersion()
    {
        // --history-max 3 kept 40..42; revision 12 was pruned.
        var history = new[] { R(40, HelmReleaseStatus.Superseded), R(41, HelmReleaseStatus.Superseded), R(42, HelmReleaseStatus.Deployed) };

        var target = HelmRollbackRules.ResolveTarget(history, 12, false, Now);

        Assert.False(target.WillRun);
        Assert.Equal(HelmSkipReason.TargetNotInHistory, target.Skip);
        Assert.StartsWith("release has no 12 version", target.SkipMessage, StringComparison.Ordinal);
        Assert.Contains("pruned", target.SkipMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultTargetPruned_WhenHistoryHasAGap()
    {
        var target = HelmRollbackRules.ResolveTarget([R(3, HelmReleaseStatus.Superseded), R(5, HelmReleaseStatus.Deployed)], null, false, Now);

        Assert.Equal(HelmSkipReason.TargetNotInHistory, target.Skip);
        Assert.StartsWith("release has no 4 version", target.SkipMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetEqualToCurrent_IsSkipped()
    {
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Superseded), R(2, HelmReleaseStatus.Deployed)], 2, false, Now);

        Assert.Equal(HelmSkipReason.TargetIsCurrent, target.Skip);
    }

    [Fact]
    public void NegativeRevision_IsHelmsInvalidReleaseRevision()
    {
        var target = HelmRollbackRules.ResolveTarget([R(1, HelmReleaseStatus.Superseded), R(2, HelmReleaseStatus.Deployed)], -1, false, Now);

        Assert.Equal(HelmSkipReason.InvalidRevision, target.Skip);
        Assert.StartsWith("invalid release revision", target.SkipMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitTarget_IsUsedEvenIfOld()
    {
        var history = Enumerable.Range(1, 5).Select(r => R(r, r == 5 ? HelmReleaseStatus.Deployed : HelmReleaseStatus.Superseded));

        var target = HelmRollbackRules.ResolveTarget(history, 2, false, Now);

        Assert.Equal(2, target.Target!.Revision);
        Assert.Equal(HelmTargetReason.Explicit, target.Reason);
    }

    [Fact]
    public void NewestPending_IsTheLock_WithItsAge_AndTheRollbackStillRuns()
    {
        var history = new[]
        {
            new HelmRevisionRecord(7, HelmReleaseStatus.Deployed, "app-1.0.0", "1.0", Now.AddHours(-5)),
            new HelmRevisionRecord(8, HelmReleaseStatus.PendingUpgrade, "app-1.1.0", "1.1", Now.AddMinutes(-42).AddSeconds(-5)),
        };

        var target = HelmRollbackRules.ResolveTarget(history, null, false, Now);

        Assert.True(target.WillRun);
        Assert.True(target.RequiresConfirmation);
        Assert.Equal(8, target.Lock!.Revision);
        Assert.Equal(HelmReleaseStatus.PendingUpgrade, target.Lock.Status);
        Assert.Equal(TimeSpan.FromSeconds(42 * 60 + 5), target.Lock.Age);
        Assert.Equal(7, target.Target!.Revision);
        Assert.Contains(target.Warnings, w => w.StartsWith("another operation (install/upgrade/rollback) is in progress: revision 8 is pending-upgrade since 42m5s ago", StringComparison.Ordinal));
    }

    [Fact]
    public void PendingThatIsNotNewest_IsNoLock()
    {
        Assert.Null(HelmRollbackRules.LockOf([R(1, HelmReleaseStatus.PendingInstall), R(2, HelmReleaseStatus.Deployed)], Now));
    }

    [Fact]
    public void ExpectedAfterSuccess_NewRevisionDeployed_AllDeployedSuperseded()
    {
        var history = new[] { R(40, HelmReleaseStatus.Superseded), R(41, HelmReleaseStatus.Superseded, chart: "videokit-0.0.9", app: "0.9"), R(42, HelmReleaseStatus.Deployed) };

        var after = HelmRollbackRules.ExpectedAfterSuccess(history, 41);

        Assert.Equal([40, 41, 42, 43], after.Select(r => r.Revision));
        Assert.Equal(
            [HelmReleaseStatus.Superseded, HelmReleaseStatus.Superseded, HelmReleaseStatus.Superseded, HelmReleaseStatus.Deployed],
            after.Select(r => r.Status));
        Assert.Equal("videokit-0.0.9", after[^1].Chart);
        Assert.Equal("0.9", after[^1].AppVersion);
        Assert.Equal("Rollback to 41", after[^1].Description);
    }

    [Fact]
    public void ExpectedAfterFailure_NewRevisionFailed_PreviousNewestSuperseded()
    {
        var history = new[] { R(1, HelmReleaseStatus.Superseded), R(2, HelmReleaseStatus.Deployed) };

        var after = HelmRollbackRules.ExpectedAfterFailure(history, 1);

        Assert.Equal([HelmReleaseStatus.Superseded, HelmReleaseStatus.Superseded, HelmReleaseStatus.Failed], after.Select(r => r.Status));
    }

    [Fact]
    public void Verify_SucceedsOnHelmsSuccessState()
    {
        var history = new[] { R(41, HelmReleaseStatus.Superseded), R(42, HelmReleaseStatus.Deployed) };
        var plan = HelmRollbackRules.ResolveTarget(history, null, false, Now);

        var verification = HelmRollbackRules.Verify(plan, HelmRollbackRules.ExpectedAfterSuccess(history, 41));

        Assert.True(verification.Succeeded, string.Join(" ", verification.Problems));
        Assert.Equal(43, verification.NewRevision);
        Assert.Empty(verification.Problems);
    }

    [Fact]
    public void Verify_ReportsAFailedRevisionAndWhatToDo()
    {
        var history = new[] { R(41, HelmReleaseStatus.Superseded), R(42, HelmReleaseStatus.Deployed) };
        var plan = HelmRollbackRules.ResolveTarget(history, null, false, Now);

        var verification = HelmRollbackRules.Verify(plan, HelmRollbackRules.ExpectedAfterFailure(history, 41));

        Assert.False(verification.Succeeded);
        Assert.Equal(HelmReleaseStatus.Failed, verification.NewRevisionStatus);
        Assert.Contains("revision 43 is failed", verification.Problems[0], StringComparison.Ordinal);
        Assert.Contains("roll back again to revision 41", verification.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReportsPendingRollbackLeftByAKilledHelm()
    {
        var history = new[] { R(41, HelmReleaseStatus.Superseded), R(42, HelmReleaseStatus.Deployed) };
        var plan = HelmRollbackRules.ResolveTarget(history, null, false, Now);
        var after = history.Append(new HelmRevisionRecord(43, HelmReleaseStatus.PendingRollback, "videokit-0.1.0", "1.0.0", Now));

        var verification = HelmRollbackRules.Verify(plan, after);

        Assert.False(verification.Succeeded);
        Assert.Contains("pending-rollback", verification.Problems[0], StringComparison.Ordinal);
        Assert.Contains("no helm process is still running", verification.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReportsANotWrittenRevision_AndWrongChart_AndStaleDeployed()
    {
        var history = new[] { R(41, HelmReleaseStatus.Superseded, chart: "videokit-0.0.9"), R(42, HelmReleaseStatus.Deployed) };
        var plan = HelmRollbackRules.ResolveTarget(history, null, false, Now);

        var unchanged = HelmRollbackRules.Verify(plan, history);
        var wrong = HelmRollbackRules.Verify(plan, history.Append(new HelmRevisionRecord(43, HelmReleaseStatus.Deployed, "videokit-0.1.0", "1.0.0", Now)));

        Assert.False(unchanged.Succeeded);
        Assert.Contains("revision 43 was not written", unchanged.Problems[0], StringComparison.Ordinal);
        Assert.False(wrong.Succeeded);
        Assert.Contains(wrong.Problems, p => p.Contains("chart videokit-0.1.0, expected videokit-0.0.9", StringComparison.Ordinal));
        Assert.Contains(wrong.Problems, p => p.Contains("revision(s) 42 are still deployed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("deployed", HelmReleaseStatus.Deployed)]
    [InlineData("pending-rollback", HelmReleaseStatus.PendingRollback)]
    [InlineData("PENDING-UPGRADE", HelmReleaseStatus.PendingUpgrade)]
    [InlineData("superseded", HelmReleaseStatus.Superseded)]
    [InlineData("", HelmReleaseStatus.Unknown)]
    [InlineData("bogus", HelmReleaseStatus.Unknown)]
    public void StatusText_RoundTrips(string text, HelmReleaseStatus status)
    {
        Assert.Equal(status, HelmReleaseStatuses.Parse(text));
        if (status != HelmReleaseStatus.Unknown)
        {
            Assert.Equal(text.ToLowerInvariant(), status.ToHelmString());
        }
    }
}
