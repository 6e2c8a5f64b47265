namespace RollbackDrill.Engine.Rules;

/// <summary>
/// Which revision a Helm rollback goes to, why, and whether it should be skipped.
/// </summary>
/// <param name="Current">The current (newest) revision: helm's Releases.Last, whatever its status.</param>
/// <param name="Target">The revision to roll back to (null when none could be chosen).</param>
/// <param name="Reason">How the target was chosen.</param>
/// <param name="Skip">Why the rollback would not run (None when it would).</param>
/// <param name="SkipMessage">A sentence explaining the skip, with helm's own error text where helm has one.</param>
/// <param name="Warnings">Things the user must know (e.g. the default target is a failed revision).</param>
/// <param name="Lock">Helm's in-progress lock, when the newest revision is pending-*.</param>
public sealed record HelmRollbackTarget(
    HelmRevisionRecord? Current,
    HelmRevisionRecord? Target,
    HelmTargetReason Reason,
    HelmSkipReason Skip,
    string? SkipMessage,
    IReadOnlyList<string> Warnings,
    HelmReleaseLock? Lock)
{
    /// <summary>True when the rollback would be run.</summary>
    public bool WillRun => Skip == HelmSkipReason.None;

    /// <summary>The revision helm will write (current + 1), when the rollback runs.</summary>
    public int? NewRevision => WillRun && Current is not null ? Current.Revision + 1 : null;

    /// <summary>True when the user must confirm explicitly (lock present).</summary>
    public bool RequiresConfirmation => Lock is not null;
}
