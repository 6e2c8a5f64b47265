using System.Collections;

namespace RollbackDrill;

/// <summary>
/// One revision of a Helm release, read from Helm's storage (like a row of <c>helm history -o json</c>, plus what
/// a drill needs: images, manifest digest, the revision a rollback restored). Never holds the release's values
/// unless they were asked for with -IncludeValues.
/// </summary>
public sealed class ReleaseRevision
{
    public required string Name { get; init; }

    /// <summary>The namespace of Helm's storage object: where helm --namespace finds this release.</summary>
    public required string Namespace { get; init; }

    /// <summary>The namespace the release body names (where its resources went); usually equal to <see cref="Namespace"/>.</summary>
    public string ReleaseNamespace { get; init; } = string.Empty;

    public required int Revision { get; init; }

    /// <summary>Helm's status: deployed, superseded, failed, pending-rollback, ...</summary>
    public required string Status { get; init; }

    /// <summary>Chart name and version as <c>helm history</c> shows it, e.g. <c>videokit-0.1.0</c>.</summary>
    public required string Chart { get; init; }

    public string ChartName { get; init; } = string.Empty;

    public string ChartVersion { get; init; } = string.Empty;

    public string AppVersion { get; init; } = string.Empty;

    /// <summary>When this revision was last deployed (Helm's info.last_deployed); null when Helm recorded no time.</summary>
    public DateTimeOffset? Updated { get; init; }

    public DateTimeOffset? FirstDeployed { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>The revision this one restored, when it was written by a rollback.</summary>
    public int? RollbackOf { get; init; }

    /// <summary>Container images of the workloads in the manifest (init containers included), in manifest order.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>A git commit carried by a workload label/annotation or an image tag, when there is one.</summary>
    public string? GitCommit { get; init; }

    /// <summary><c>sha256:</c> + hex of the rendered manifest: equal digests mean identical manifests.</summary>
    public string ManifestDigest { get; init; } = string.Empty;

    /// <summary>The kube context this was read from.</summary>
    public string Context { get; init; } = string.Empty;

    public HelmStorageDriver StorageDriver { get; init; }

    /// <summary>The Secret or ConfigMap that holds this record.</summary>
    public string StorageObject { get; init; } = string.Empty;

    /// <summary>The user-supplied values (Helm's <c>config</c>): null unless -IncludeValues. They may hold secrets.</summary>
    public Hashtable? Values { get; init; }

    public override string ToString() => $"{Name}:{Revision}";
}
