using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>Converts between Kubernetes objects as JSON and the YAML text of Helm manifests
/// ("---\n# Source: chart/templates/x.yaml\n..." documents, as helm's release manifest stores them).</summary>
public static partial class YamlJson
{
    /// <summary>Parses a multi-document YAML stream into JSON objects (empty documents are skipped, as
    /// helm's kube.Build skips them). Plain scalars follow the YAML core schema (null, bool, int, float);
    /// quoted scalars are strings.</summary>
    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var result = new List<JsonObject>();
        foreach (var doc in stream.Documents)
        {
            if (ToJson(doc.RootNode) is JsonObject obj)
            {
                result.Add(obj);
            }
        }

        return result;
    }

    public static JsonNode? ToJson(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case YamlMappingNode map:
                var o = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    o[((YamlScalarNode)k).Value ?? string.Empty] = ToJson(v);
                }

                return o;
            case YamlSequenceNode seq:
                var a = new JsonArray();
                foreach (var item in seq.Children)
                {
                    a.Add(ToJson(item));
                }

                return a;
            case YamlScalarNode s:
                return Scalar(s);
            default:
                return null;
        }
    }

    private static JsonValue? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? string.Empty;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(v);
        }

        if (v.Length == 0 || v is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (v is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (v is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntPattern().IsMatch(v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (FloatPattern().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(v);
    }

    /// <summary>Writes one object as a block-style YAML document (no leading "---").</summary>
    public static string ToYaml(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        WriteNode(sb, node, 0, inSequence: false);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence))
                    {
                        sb.Append(' ', indent);
                    }

                    first = false;
                    sb.Append(ScalarText(key)).Append(':');
                    WriteValueAfterKey(sb, value, indent);
                }

                break;
            case JsonArray arr when arr.Count > 0:
                foreach (var item in arr)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is JsonObject io && io.Count > 0)
                    {
                        WriteNode(sb, item, indent + 2, inSequence: true);
                    }
                    else if (item is JsonArray ia && ia.Count > 0)
                    {
                        sb.Append('\n');
                        WriteNode(sb, item, indent + 2, inSequence: false);
                    }
                    else
                    {
                        sb.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                sb.Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, JsonNode? value, int indent)
    {
        if (value is JsonObject o && o.Count > 0)
        {
            sb.Append('\n');
            WriteNode(sb, value, indent + 2, inSequence: false);
        }
        else if (value is JsonArray a && a.Count > 0)
        {
            sb.Append('\n');
            WriteNode(sb, value, indent, inSequence: false);
        }
        else
        {
            sb.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static string Inline(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return ScalarText(v.GetValue<string>());
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValueKind() == JsonValueKind.True ? "true" : "false";
            default:
                return node.ToJsonString();
        }
    }

    /// <summary>A string as a YAML scalar: plain when that reads back as the same string, otherwise a JSON
    /// double-quoted string (valid YAML).</summary>
    public static string ScalarText(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (NeedsQuotes(s))
        {
            return JsonSerializer.Serialize(s);
        }

        return s;
    }

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim())
        {
            return true;
        }

        if (s is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "n" or "Y" or "N")
        {
            return true;
        }

        if (NumberLike().IsMatch(s))
        {
            return true;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var c in s)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return true;
            }
        }

        return s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':');
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    // Anything a YAML 1.1 or 1.2 reader could take for a number (ints, floats, octal/hex, sexagesimal-ish, .inf/.nan).
    [GeneratedRegex(@"^([-+]?[0-9][0-9_:.eExXoObB+-]*|[-+]?\.[0-9]+.*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex NumberLike();
}
