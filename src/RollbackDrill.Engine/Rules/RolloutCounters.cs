namespace RollbackDrill.Engine.Rules;

/// <summary>
/// The counters behind a rollout verdict (absent status fields count as 0, as the API omits zero counters).
/// For a DaemonSet, Desired is status.desiredNumberScheduled and Updated/Available are the *NumberScheduled/NumberAvailable
/// counters; Total is status.replicas (Deployment/StatefulSet) or currentNumberScheduled (DaemonSet).
/// </summary>
public sealed record RolloutCounters(int Desired, int Total, int Updated, int Ready, int Available)
{
    /// <summary>No counters (unknown kind or unreadable object).</summary>
    public static RolloutCounters None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>A short display form such as "2/3 updated, 1 ready, 1 available, 4 total".</summary>
    public override string ToString() =>
        $"{Updated}/{Desired} updated, {Ready} ready, {Available} available, {Total} total";
}
