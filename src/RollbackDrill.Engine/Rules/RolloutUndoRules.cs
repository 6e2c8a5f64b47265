using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// kubectl rollout undo's rules for Deployments (kubectl pkg/polymorphichelpers/rollback.go DeploymentRollbacker),
/// as a pure function of the Deployment and its ReplicaSets. Unlike KubernetesClient's RolloutUndoAsync this refuses
/// paused Deployments and drops pod-template-hash, as kubectl does.
/// </summary>
public static class RolloutUndoRules
{
    /// <summary>
    /// kubectl rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet.
    /// </summary>
    public static IReadOnlySet<string> AnnotationsToSkip { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        DeploymentRevision.AnnotationKey,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    };

    /// <summary>
    /// kubectl rollout undo (Deployment): revision &lt; 0 → not found; the target ReplicaSet is the one whose
    /// deployment.kubernetes.io/revision equals <paramref name="toRevision"/>, or for 0 the second highest revision;
    /// then a paused Deployment is refused; a target whose template equals the current one (ignoring
    /// pod-template-hash) is skipped; otherwise the JSON patch replaces spec.template (hash label removed) and
    /// metadata.annotations (skip-listed ones from the Deployment, all others from the ReplicaSet).
    /// </summary>
    /// <param name="deployment">The Deployment as read from the API server.</param>
    /// <param name="replicaSets">ReplicaSets listed with the Deployment's selector; only those it controls count.</param>
    /// <param name="toRevision">--to-revision (0 = previous).</param>
    public static RolloutUndoPlan Plan(V1Deployment deployment, IEnumerable<V1ReplicaSet> replicaSets, long toRevision = 0)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(replicaSets);
        var ns = deployment.Metadata?.NamespaceProperty ?? string.Empty;
        var name = deployment.Metadata?.Name ?? string.Empty;

        if (toRevision < 0)
        {
            return Refuse(ns, name, toRevision, RevisionNotFound(toRevision));
        }

        var target = FindTarget(deployment, replicaSets, toRevision, out var error);
        if (target is null)
        {
            return Refuse(ns, name, toRevision, error!);
        }

        DeploymentRevision.TryRead(target.Metadata, out var targetRevision, out _);
        var template = PodTemplateComparer.WithoutHash(target.Spec?.Template ?? new V1PodTemplateSpec());

        if (deployment.Spec?.Paused == true)
        {
            return new RolloutUndoPlan(ns, name, RolloutUndoOutcome.Refused,
                "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
                toRevision, targetRevision, target.Metadata?.Name, template, null, null)
            {
                RefusedBecausePaused = true,
            };
        }

        if (PodTemplateComparer.EqualIgnoreHash(target.Spec?.Template, deployment.Spec?.Template))
        {
            // kubectl prints the requested revision here (0 when none was given), not the resolved one.
            return new RolloutUndoPlan(ns, name, RolloutUndoOutcome.Skipped,
                $"skipped rollback (current template already matches revision {toRevision})",
                toRevision, targetRevision, target.Metadata?.Name, template, null, null);
        }

        var annotations = MergeAnnotations(deployment.Metadata?.Annotations, target.Metadata?.Annotations);
        return new RolloutUndoPlan(ns, name, RolloutUndoOutcome.RollBack, "rolled back",
            toRevision, targetRevision, target.Metadata?.Name, template, annotations, BuildPatch(template, annotations));
    }

    /// <summary>
    /// kubectl deploymentRevision: among the ReplicaSets the Deployment controls, the one with the requested revision,
    /// or for 0 the second highest revision. ReplicaSets whose revision annotation does not parse are ignored;
    /// a missing annotation counts as revision 0.
    /// </summary>
    public static V1ReplicaSet? FindTarget(V1Deployment deployment, IEnumerable<V1ReplicaSet> replicaSets, long toRevision, out string? error)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(replicaSets);
        error = null;
        V1ReplicaSet? latest = null, previous = null;
        long latestRevision = -1, previousRevision = -1;
        foreach (var rs in ControlledBy(deployment, replicaSets))
        {
            if (!DeploymentRevision.TryRead(rs.Metadata, out var v, out _))
            {
                continue;
            }

            if (toRevision == 0)
            {
                if (latestRevision < v)
                {
                    previousRevision = latestRevision;
                    previous = latest;
                    latestRevision = v;
                    latest = rs;
                }
                else if (previousRevision < v)
                {
                    previousRevision = v;
                    previous = rs;
                }
            }
            else if (toRevision == v)
            {
                return rs;
            }
        }

        if (toRevision > 0)
        {
            error = RevisionNotFound(toRevision);
            return null;
        }

        if (previous is null)
        {
            error = $"no rollout history found for deployment \"{deployment.Metadata?.Name}\"";
        }

        return previous;
    }

    /// <summary>
    /// kubectl deploymentutil listReplicaSets' filter, metav1.IsControlledBy: the ReplicaSet's controller owner
    /// reference has the Deployment's UID. When the Deployment carries no UID (an object not read from a server),
    /// the controller reference's kind and name are matched instead.
    /// </summary>
    public static IEnumerable<V1ReplicaSet> ControlledBy(V1Deployment deployment, IEnumerable<V1ReplicaSet> replicaSets)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(replicaSets);
        var uid = deployment.Metadata?.Uid;
        var name = deployment.Metadata?.Name;
        foreach (var rs in replicaSets)
        {
            var controller = rs?.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
            if (controller is null)
            {
                continue;
            }

            var matches = string.IsNullOrEmpty(uid)
                ? controller.Kind == "Deployment" && controller.Name == name
                : controller.Uid == uid;
            if (matches)
            {
                yield return rs!;
            }
        }
    }

    /// <summary>
    /// kubectl rollback.go: the annotations the patch sets — each skip-listed annotation's value from the Deployment,
    /// then every other annotation of the ReplicaSet. Other Deployment annotations are not kept (kubectl replaces the map).
    /// </summary>
    public static IReadOnlyDictionary<string, string> MergeAnnotations(IDictionary<string, string>? deploymentAnnotations, IDictionary<string, string>? replicaSetAnnotations)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (deploymentAnnotations is not null)
        {
            foreach (var key in AnnotationsToSkip)
            {
                if (deploymentAnnotations.TryGetValue(key, out var value))
                {
                    result[key] = value;
                }
            }
        }

        if (replicaSetAnnotations is not null)
        {
            foreach (var (key, value) in replicaSetAnnotations)
            {
                if (!AnnotationsToSkip.Contains(key))
                {
                    result[key] = value;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// kubectl getDeploymentPatch: a JSON patch replacing /spec/template and /metadata/annotations (keys sorted, as
    /// Go marshals maps).
    /// </summary>
    public static string BuildPatch(V1PodTemplateSpec template, IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(annotations);
        var annotationObject = new JsonObject();
        foreach (var (key, value) in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            annotationObject[key] = value;
        }

        var patch = new JsonArray
        {
            new JsonObject
            {
                ["op"] = "replace",
                ["path"] = "/spec/template",
                ["value"] = JsonNode.Parse(KubernetesJson.Serialize(template)),
            },
            new JsonObject
            {
                ["op"] = "replace",
                ["path"] = "/metadata/annotations",
                ["value"] = annotationObject,
            },
        };
        return patch.ToJsonString(PatchJsonOptions);
    }

    private static readonly JsonSerializerOptions PatchJsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // kubectl rollback.go revisionNotFoundErr.
    private static string RevisionNotFound(long revision) => $"unable to find specified revision {revision} in history";

    private static RolloutUndoPlan Refuse(string ns, string name, long toRevision, string message) =>
        new(ns, name, RolloutUndoOutcome.Refused, message, toRevision, null, null, null, null, null);
}
