using System.Globalization;
using k8s.Models;

namespace RollbackDrill.Engine.Cluster;

/// <summary>
/// Kubernetes objects → public status types. The API server omits zero counters (no readyReplicas key rather than
/// 0) and status is {} right after creation: absent means 0 here.
/// </summary>
public static class WorkloadMapper
{
    public const string DeploymentRevisionAnnotation = "deployment.kubernetes.io/revision";

    public static LiveWorkload FromDeployment(V1Deployment d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var s = d.Status;
        var status = new WorkloadStatus
        {
            Kind = "Deployment",
            Name = d.Metadata?.Name ?? string.Empty,
            Namespace = d.Metadata?.NamespaceProperty ?? string.Empty,
            Desired = d.Spec?.Replicas ?? 1, // apps/v1 defaults spec.replicas to 1
            Ready = s?.ReadyReplicas ?? 0,
            Updated = s?.UpdatedReplicas ?? 0,
            Available = s?.AvailableReplicas ?? 0,
            Generation = d.Metadata?.Generation ?? 0,
            ObservedGeneration = s?.ObservedGeneration ?? 0,
            DeploymentRevision = d.Metadata?.Annotations?.TryGetValue(DeploymentRevisionAnnotation, out var rev) == true
                && int.TryParse(rev, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null,
            Images = Images(d.Spec?.Template?.Spec),
        };
        return new LiveWorkload(status, Metadata(d.Metadata, d.Spec?.Template?.Metadata));
    }

    public static LiveWorkload FromStatefulSet(V1StatefulSet s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var st = s.Status;
        var status = new WorkloadStatus
        {
            Kind = "StatefulSet",
            Name = s.Metadata?.Name ?? string.Empty,
            Namespace = s.Metadata?.NamespaceProperty ?? string.Empty,
            Desired = s.Spec?.Replicas ?? 1,
            Ready = st?.ReadyReplicas ?? 0,
            Updated = st?.UpdatedReplicas ?? 0,
            Available = st?.AvailableReplicas ?? 0,
            Generation = s.Metadata?.Generation ?? 0,
            ObservedGeneration = st?.ObservedGeneration ?? 0,
            Images = Images(s.Spec?.Template?.Spec),
        };
        return new LiveWorkload(status, Metadata(s.Metadata, s.Spec?.Template?.Metadata));
    }

    public static LiveWorkload FromDaemonSet(V1DaemonSet d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var st = d.Status;
        var status = new WorkloadStatus
        {
            Kind = "DaemonSet",
            Name = d.Metadata?.Name ?? string.Empty,
            Namespace = d.Metadata?.NamespaceProperty ?? string.Empty,
            Desired = st?.DesiredNumberScheduled ?? 0,
            Ready = st?.NumberReady ?? 0,
            Updated = st?.UpdatedNumberScheduled ?? 0,
            Available = st?.NumberAvailable ?? 0,
            Generation = d.Metadata?.Generation ?? 0,
            ObservedGeneration = st?.ObservedGeneration ?? 0,
            Images = Images(d.Spec?.Template?.Spec),
        };
        return new LiveWorkload(status, Metadata(d.Metadata, d.Spec?.Template?.Metadata));
    }

    /// <summary>kubectl get pods: READY = ready containers/containers, RESTARTS = sum of container restarts.</summary>
    public static PodInfo FromPod(V1Pod p, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(p);
        var statuses = p.Status?.ContainerStatuses ?? [];
        DateTimeOffset? created = p.Metadata?.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null;
        return new PodInfo
        {
            Name = p.Metadata?.Name ?? string.Empty,
            Namespace = p.Metadata?.NamespaceProperty ?? string.Empty,
            Phase = p.Status?.Phase ?? string.Empty,
            ReadyContainers = statuses.Count(s => s.Ready),
            TotalContainers = p.Spec?.Containers?.Count ?? statuses.Count,
            IsReady = p.Status?.Conditions?.Any(x => x.Type == "Ready" && x.Status == "True") == true,
            Restarts = statuses.Sum(s => s.RestartCount),
            Created = created,
            Age = created is { } t ? now - t : null,
            Node = p.Spec?.NodeName ?? string.Empty,
            Images = (p.Spec?.Containers ?? []).Select(x => x.Image).OfType<string>().ToList(),
        };
    }

    private static List<string> Images(V1PodSpec? spec) =>
        (spec?.InitContainers ?? []).Concat(spec?.Containers ?? []).Select(c => c.Image).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> Metadata(params V1ObjectMeta?[] metas)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in metas)
        {
            foreach (var kv in (m?.Labels ?? new Dictionary<string, string>()).Concat(m?.Annotations ?? new Dictionary<string, string>()))
            {
                all.TryAdd(kv.Key, kv.Value);
            }
        }

        return all;
    }
}
