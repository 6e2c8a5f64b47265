using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace RollbackDrill.Engine.Helm;

/// <summary>
/// Decodes Helm's stored release text. Helm storage (pkg/storage/driver/util.go): encodeRelease = base64(gzip(json));
/// decodeRelease checks the gzip magic bytes 1f 8b and reads plain JSON otherwise (old, not-gzipped records).
/// Helm 2 (Tiller) stored base64(gzip(protobuf)), which looks the same until decompressed: detected and refused.
/// Every failure is a <see cref="DrillException"/> naming the storage object, never a crash of the caller.
/// </summary>
public static class HelmReleaseDecoder
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 256 };

    public static DecodedRelease Decode(string? payload, string objectDescription)
    {
        var json = DecodeToJsonBytes(payload, objectDescription);
        try
        {
            using var doc = JsonDocument.Parse(json, JsonOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(objectDescription, "the release JSON is not an object", null);
            }

            return Read(doc.RootElement);
        }
        catch (JsonException ex)
        {
            // Position only: the parser's message can quote record content, and the record holds the values.
            throw Corrupt(objectDescription, $"the release JSON does not parse (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})", ex);
        }
        catch (FormatException ex)
        {
            throw Corrupt(objectDescription, "a time in the release is not RFC 3339: " + ex.Message, ex);
        }
    }

    /// <summary>base64 → (gunzip when the gzip magic is there) → JSON bytes; Helm 2 protobuf refused.</summary>
    public static byte[] DecodeToJsonBytes(string? payload, string objectDescription)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            throw Corrupt(objectDescription, "it has no 'release' data", null);
        }

        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(payload.Trim());
        }
        catch (FormatException ex)
        {
            throw Corrupt(objectDescription, "its 'release' data is not valid base64", ex);
        }

        var body = raw;
        if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            try
            {
                using var input = new MemoryStream(raw);
                using var gzip = new GZipStream(input, CompressionMode.Decompress);
                using var output = new MemoryStream(raw.Length * 4);
                gzip.CopyTo(output);
                body = output.ToArray();
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
            {
                throw Corrupt(objectDescription, "its gzip stream is damaged", ex);
            }
        }

        var first = FirstNonWhitespace(body);
        if (first == '{')
        {
            return body;
        }

        if (LooksLikeHelm2Protobuf(body))
        {
            throw new DrillException(
                ErrorIds.Helm2ReleaseNotSupported,
                DrillErrorKind.InvalidData,
                $"{objectDescription} holds a Helm 2 (Tiller) release (protobuf), which RollbackDrill does not read. " +
                "Migrate it with the helm-2to3 plugin, or read it with Helm 2.",
                objectDescription)
            {
                RecommendedAction = "Migrate Helm 2 releases with 'helm 2to3 convert'.",
            };
        }

        throw Corrupt(objectDescription, "its decoded data is neither gzip nor JSON", null);
    }

    /// <summary>"Rollback to N" is the description Helm's rollback action writes (pkg/action/rollback.go).</summary>
    public static int? RollbackTargetFromDescription(string? description)
    {
        const string prefix = "Rollback to ";
        if (description is null || !description.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        return int.TryParse(description.AsSpan(prefix.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static DecodedRelease Read(JsonElement root)
    {
        var info = Obj(root, "info");
        var metadata = Obj(Obj(root, "chart"), "metadata");
        JsonElement? config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c.Clone() : null;
        return new DecodedRelease
        {
            Name = Str(root, "name"),
            Namespace = Str(root, "namespace"),
            Version = Int(root, "version") ?? 0,
            Status = Str(info, "status"),
            Description = Str(info, "description"),
            FirstDeployed = HelmTime.Parse(Str(info, "first_deployed")),
            LastDeployed = HelmTime.Parse(Str(info, "last_deployed")),
            Deleted = HelmTime.Parse(Str(info, "deleted")),
            ChartName = Str(metadata, "name"),
            ChartVersion = Str(metadata, "version"),
            AppVersion = Str(metadata, "appVersion"),
            Manifest = Str(root, "manifest"),
            RollbackRevision = Int(root, "rollback_revision") ?? Int(info, "rollback_revision"),
            Config = config,
        };
    }

    private static JsonElement Obj(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    private static string Str(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v))
        {
            return string.Empty;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? string.Empty,
            JsonValueKind.Number => v.GetRawText(),
            _ => string.Empty,
        };
    }

    private static int? Int(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
        {
            return n;
        }

        return v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    private static char FirstNonWhitespace(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0; // UTF-8 BOM
        for (var i = start; i < bytes.Length; i++)
        {
            if (bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return (char)bytes[i];
            }
        }

        return '\0';
    }

    // Helm 2's hapi.release.Release: field 1 (name, string) first, so the protobuf starts with tag 0x0a, a varint
    // length, and printable name bytes.
    private static bool LooksLikeHelm2Protobuf(byte[] body)
    {
        if (body.Length < 3 || body[0] != 0x0A)
        {
            return false;
        }

        var length = body[1];
        if (length == 0 || length > 0x7F || body.Length < 2 + length)
        {
            return false;
        }

        var name = Encoding.ASCII.GetString(body, 2, length);
        return name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' or '_');
    }

    private static DrillException Corrupt(string objectDescription, string why, Exception? inner) => new(
        ErrorIds.ReleaseRecordCorrupt,
        DrillErrorKind.InvalidData,
        $"The Helm release record {objectDescription} cannot be read: {why}. The other revisions are unaffected; " +
        "inspect or delete this record (kubectl get) if it was not written by Helm.",
        objectDescription,
        inner);
}
