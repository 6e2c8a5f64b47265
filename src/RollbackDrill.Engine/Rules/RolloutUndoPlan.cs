using k8s.Models;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// The result of kubectl rollout undo's rules for one Deployment: what would be sent and what kubectl would print.
/// </summary>
/// <param name="Namespace">The Deployment's namespace.</param>
/// <param name="Name">The Deployment's name.</param>
/// <param name="Outcome">Roll back, skip or refuse.</param>
/// <param name="Message">kubectl's text: "rolled back", "skipped rollback (...)" or the error text.</param>
/// <param name="RequestedRevision">The --to-revision asked for (0 = previous).</param>
/// <param name="TargetRevision">The revision of the ReplicaSet chosen, when one was found.</param>
/// <param name="TargetReplicaSet">The name of the ReplicaSet chosen, when one was found.</param>
/// <param name="Template">The pod template that would be restored (pod-template-hash removed), when a target was found
/// (also for a refused paused Deployment, as kubectl --dry-run=client still prints it).</param>
/// <param name="Annotations">The Deployment annotations the patch sets, when rolling back.</param>
/// <param name="PatchJson">The JSON patch (application/json-patch+json) kubectl sends, when rolling back.</param>
public sealed record RolloutUndoPlan(
    string Namespace,
    string Name,
    RolloutUndoOutcome Outcome,
    string Message,
    long RequestedRevision,
    long? TargetRevision,
    string? TargetReplicaSet,
    V1PodTemplateSpec? Template,
    IReadOnlyDictionary<string, string>? Annotations,
    string? PatchJson)
{
    /// <summary>The content type of <see cref="PatchJson"/>.</summary>
    public const string PatchContentType = "application/json-patch+json";

    /// <summary>True when the Deployment is paused and kubectl refuses.</summary>
    public bool RefusedBecausePaused { get; init; }
}
