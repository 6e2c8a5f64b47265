namespace RollbackDrill.Engine.Helm;

/// <summary>
/// One Helm storage object (Secret or ConfigMap) as listed, not decoded: what its labels and name say. The
/// payload (Helm's base64(gzip(json)) text) is carried when the list returned it, so decoding needs no second call.
/// </summary>
public sealed class ReleaseRecord
{
    public required HelmStorageDriver Driver { get; init; }

    /// <summary>The Secret/ConfigMap name, e.g. <c>sh.helm.release.v1.videokit-api.v42</c>.</summary>
    public required string ObjectName { get; init; }

    /// <summary>The namespace of the Secret/ConfigMap (the release body may say another).</summary>
    public required string ObjectNamespace { get; init; }

    /// <summary>The release name: the <c>name</c> label, else parsed from the object name.</summary>
    public required string Name { get; init; }

    /// <summary>The revision: the <c>version</c> label, else parsed from the object name; null when neither says.</summary>
    public int? Revision { get; init; }

    /// <summary>The <c>status</c> label (may be missing or disagree with the body; the body wins on output).</summary>
    public string? Status { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>release</c> data value when the list carried it; null means fetch it.</summary>
    public string? Payload { get; init; }

    /// <summary>"Secret videokit/sh.helm.release.v1.videokit-api.v42", for messages.</summary>
    public string Describe() => $"{Driver} {ObjectNamespace}/{ObjectName}";

    public override string ToString() => Describe();

    /// <summary>Builds a record from a storage object's name, namespace and labels (the rules Helm's drivers write).</summary>
    public static ReleaseRecord FromObject(HelmStorageDriver driver, string objectName, string objectNamespace, IDictionary<string, string>? labels, string? payload)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        var l = labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(labels, StringComparer.Ordinal);
        var parsed = HelmObjectName.TryParse(objectName);
        var name = l.TryGetValue("name", out var n) && n.Length > 0 ? n : parsed?.Name ?? objectName;
        int? revision = l.TryGetValue("version", out var v) && int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rv)
            ? rv
            : parsed?.Revision;
        return new ReleaseRecord
        {
            Driver = driver,
            ObjectName = objectName,
            ObjectNamespace = objectNamespace,
            Name = name,
            Revision = revision,
            Status = l.TryGetValue("status", out var s) && s.Length > 0 ? s : null,
            Labels = l,
            Payload = payload,
        };
    }
}
