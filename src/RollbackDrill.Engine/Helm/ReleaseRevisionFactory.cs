using System.Collections;
using System.Text.Json;

namespace RollbackDrill.Engine.Helm;

/// <summary>Builds the public <see cref="ReleaseRevision"/> from a listed record and its decoded body.</summary>
public static class ReleaseRevisionFactory
{
    /// <summary>
    /// The decoded body is authoritative over labels (real records carry missing or stale labels); the namespace
    /// is the storage object's, because that is where Helm looks for the release (helm --namespace).
    /// </summary>
    public static ReleaseRevision Create(ReleaseRecord record, DecodedRelease body, string context, bool includeValues)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(body);
        var workloads = ManifestReader.Workloads(body.Manifest);
        var images = ManifestReader.Images(workloads);
        var chart = body.ChartName.Length == 0 ? string.Empty : body.ChartVersion.Length == 0 ? body.ChartName : $"{body.ChartName}-{body.ChartVersion}";
        return new ReleaseRevision
        {
            Name = body.Name.Length > 0 ? body.Name : record.Name,
            Namespace = record.ObjectNamespace,
            ReleaseNamespace = body.Namespace.Length > 0 ? body.Namespace : record.ObjectNamespace,
            Revision = body.Version > 0 ? body.Version : record.Revision ?? 0,
            Status = body.Status.Length > 0 ? body.Status : record.Status ?? "unknown",
            Chart = chart,
            ChartName = body.ChartName,
            ChartVersion = body.ChartVersion,
            AppVersion = body.AppVersion,
            Updated = body.LastDeployed,
            FirstDeployed = body.FirstDeployed,
            Description = body.Description,
            RollbackOf = body.RollbackRevision ?? HelmReleaseDecoder.RollbackTargetFromDescription(body.Description),
            Images = images,
            GitCommit = workloads.Select(w => GitCommitRule.FromMetadata(w.Metadata)).FirstOrDefault(c => c is not null)
                ?? GitCommitRule.FromImages(images),
            ManifestDigest = ManifestReader.Digest(body.Manifest),
            Context = context,
            StorageDriver = record.Driver,
            StorageObject = record.ObjectName,
            Values = includeValues && body.Config is { } config ? (Hashtable?)ToPowerShellValue(config) : null,
        };
    }

    /// <summary>JSON → Hashtable (case-insensitive keys, as PowerShell's @{}), object[] and primitives.</summary>
    public static object? ToPowerShellValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => ToHashtable(e),
        JsonValueKind.Array => e.EnumerateArray().Select(ToPowerShellValue).ToArray(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static Hashtable ToHashtable(JsonElement e)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var p in e.EnumerateObject())
        {
            table[p.Name] = ToPowerShellValue(p.Value);
        }

        return table;
    }
}
