using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>
/// Encodes and decodes Helm 3 release records exactly as Helm's storage drivers write them.
/// Facts relied on (helm/helm pkg/storage/driver/util.go, secrets.go, cfgmaps.go, pkg/storage/storage.go):
/// - encodeRelease: json.Marshal(release) → gzip (BestCompression) → base64.StdEncoding; that string is the
///   Secret's data["release"] bytes (so the REST JSON shows it base64 a second time) and the ConfigMap's
///   data["release"] string.
/// - decodeRelease: base64-decode, then gunzip only when the first three bytes are the gzip magic 1f 8b 08
///   (records written before compression was introduced are plain JSON).
/// - Object name: "sh.helm.release.v1.&lt;name&gt;.v&lt;version&gt;"; Secret type "helm.sh/release.v1"; labels
///   name, owner=helm, status, version; createdAt (set by Create) / modifiedAt (set by Update), unix seconds.
/// </summary>
public static class HelmReleaseCodec
{
    /// <summary>The Secret type Helm 3 sets on release Secrets.</summary>
    public const string SecretType = "helm.sh/release.v1";

    /// <summary>The prefix of every storage object name (helm pkg/storage: HelmStorageType).</summary>
    public const string StoragePrefix = "sh.helm.release.v1";

    private static readonly byte[] GzipMagic = [0x1f, 0x8b, 0x08];

    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };

    /// <summary>helm pkg/storage makeKey: "sh.helm.release.v1.&lt;release&gt;.v&lt;revision&gt;".</summary>
    public static string StorageKey(string releaseName, int revision) =>
        $"{StoragePrefix}.{releaseName}.v{revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Encodes a release body to Helm's storage string: base64(gzip(json)), or base64(json) when
    /// <paramref name="gzip"/> is false (pre-compression records).</summary>
    public static string Encode(JsonObject release, bool gzip = true)
    {
        ArgumentNullException.ThrowIfNull(release);
        var json = Encoding.UTF8.GetBytes(release.ToJsonString(CompactJson));
        if (!gzip)
        {
            return Convert.ToBase64String(json);
        }

        using var buffer = new MemoryStream();
        using (var z = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(json);
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Decodes Helm's storage string (the Secret's data.release after the API's own base64 layer
    /// is removed, or the ConfigMap's data.release) into the release JSON.</summary>
    /// <exception cref="HelmReleaseFormatException">Not base64, corrupt gzip, Helm 2 protobuf, or not JSON.</exception>
    public static JsonObject Decode(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data.Trim());
        }
        catch (FormatException ex)
        {
            throw new HelmReleaseFormatException("release data is not base64", ex);
        }

        if (bytes.Length >= 3 && bytes.AsSpan(0, 3).SequenceEqual(GzipMagic))
        {
            try
            {
                using var input = new MemoryStream(bytes);
                using var z = new GZipStream(input, CompressionMode.Decompress);
                using var output = new MemoryStream();
                z.CopyTo(output);
                bytes = output.ToArray();
            }
            catch (EndOfStreamException ex)
            {
                throw new HelmReleaseFormatException("release data has a gzip header but does not decompress", ex);
            }
            catch (InvalidDataException ex)
            {
                throw new HelmReleaseFormatException("release data has a gzip header but does not decompress", ex);
            }

            if (bytes.Length == 0)
            {
                throw new HelmReleaseFormatException("release data has a gzip header but does not decompress");
            }
        }

        // Helm 2 (Tiller) stored hapi.release.Release as protobuf: field 1 (name, string) = tag 0x0a, a length,
        // then the release name. Helm's json.Marshal never starts with whitespace, so this cannot be JSON.
        if (bytes.Length > 2 && bytes[0] == 0x0a && bytes[1] > 0 && bytes[1] < 0x80 && bytes.Length >= 2 + bytes[1])
        {
            throw new HelmReleaseFormatException("Helm 2 release (protobuf), not supported");
        }

        var first = FirstNonWhitespace(bytes);
        if (first != (byte)'{')
        {
            throw new HelmReleaseFormatException("release data is not a JSON object");
        }

        try
        {
            return JsonNode.Parse(bytes)?.AsObject()
                ?? throw new HelmReleaseFormatException("release data is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new HelmReleaseFormatException("release data is not valid JSON", ex);
        }
    }

    /// <summary>Decodes the release from a stored Secret (type helm.sh/release.v1; data.release is base64 of
    /// Helm's string) or ConfigMap (data.release is Helm's string).</summary>
    public static JsonObject DecodeRecord(JsonObject storageObject)
    {
        ArgumentNullException.ThrowIfNull(storageObject);
        var kind = storageObject["kind"]?.GetValue<string>();
        var data = storageObject["data"]?["release"]?.GetValue<string>()
            ?? throw new HelmReleaseFormatException("storage object has no data.release");
        if (string.Equals(kind, "ConfigMap", StringComparison.Ordinal))
        {
            return Decode(data);
        }

        string inner;
        try
        {
            inner = Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException ex)
        {
            throw new HelmReleaseFormatException("Secret data.release is not base64", ex);
        }

        return Decode(inner);
    }

    /// <summary>The labels Helm's newSecretsObject / newConfigMapsObject set. <paramref name="createdAt"/> is set
    /// by driver.Create, <paramref name="modifiedAt"/> by driver.Update (which rebuilds the label set, so an
    /// updated record has modifiedAt and no createdAt).</summary>
    public static JsonObject StandardLabels(JsonObject release, DateTimeOffset? createdAt, DateTimeOffset? modifiedAt)
    {
        ArgumentNullException.ThrowIfNull(release);
        var labels = new JsonObject();
        if (createdAt is { } c)
        {
            labels["createdAt"] = c.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (modifiedAt is { } m)
        {
            labels["modifiedAt"] = m.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        labels["name"] = release["name"]?.GetValue<string>() ?? string.Empty;
        labels["owner"] = "helm";
        labels["status"] = release["info"]?["status"]?.GetValue<string>() ?? HelmStatus.Unknown;
        labels["version"] = (release["version"]?.GetValue<int>() ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return labels;
    }

    /// <summary>Builds the Secret Helm's Secret driver writes (data.release = base64 of Helm's string).</summary>
    public static JsonObject ToSecret(JsonObject release, string @namespace, JsonObject labels, bool gzip = true)
    {
        ArgumentNullException.ThrowIfNull(release);
        var name = release["name"]!.GetValue<string>();
        var version = release["version"]!.GetValue<int>();
        var encoded = Encode(release, gzip);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = StorageKey(name, version),
                ["namespace"] = @namespace,
                ["labels"] = labels,
            },
            ["type"] = SecretType,
            ["data"] = new JsonObject { ["release"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(encoded)) },
        };
    }

    /// <summary>Builds the ConfigMap Helm's ConfigMap driver writes (data.release = Helm's string).</summary>
    public static JsonObject ToConfigMap(JsonObject release, string @namespace, JsonObject labels, bool gzip = true)
    {
        ArgumentNullException.ThrowIfNull(release);
        var name = release["name"]!.GetValue<string>();
        var version = release["version"]!.GetValue<int>();
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = StorageKey(name, version),
                ["namespace"] = @namespace,
                ["labels"] = labels,
            },
            ["data"] = new JsonObject { ["release"] = Encode(release, gzip) },
        };
    }

    private static byte FirstNonWhitespace(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return 0;
    }
}
