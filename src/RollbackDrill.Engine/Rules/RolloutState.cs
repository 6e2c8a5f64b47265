namespace RollbackDrill.Engine.Rules;

/// <summary>
/// The verdict of kubectl rollout status's rules on one observed object state.
/// <see cref="Message"/> is the line kubectl prints (without its trailing newline); when <see cref="Failed"/> is
/// true it is the text kubectl prints after "error: ".
/// </summary>
/// <param name="Kind">Deployment, StatefulSet or DaemonSet.</param>
/// <param name="Namespace">The object's namespace (may be empty when the object carried none).</param>
/// <param name="Name">The object's name.</param>
/// <param name="Done">kubectl's "done" flag: stop watching. True when rolled out, and also for an unsupported
/// update strategy (kubectl then exits with an error: see <see cref="Failed"/>).</param>
/// <param name="Failed">kubectl would exit with an error (progress deadline exceeded, revision mismatch,
/// unsupported strategy, unreadable object).</param>
/// <param name="Message">kubectl's message, exactly.</param>
/// <param name="Reason">Why, as a stable value scripts can match on.</param>
/// <param name="Counters">The counters the verdict was computed from, for progress display.</param>
public sealed record RolloutState(
    string Kind,
    string Namespace,
    string Name,
    bool Done,
    bool Failed,
    string Message,
    RolloutReason Reason,
    RolloutCounters Counters)
{
    /// <summary>True when the workload is rolled out and ready (done without error).</summary>
    public bool Ready => Done && !Failed;
}
