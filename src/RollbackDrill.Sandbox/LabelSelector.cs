using System.Text;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox;

/// <summary>
/// A parsed label selector. apimachinery labels.Parse: requirements joined by commas; operators
/// <c>=</c>, <c>==</c>, <c>!=</c>, <c>in (a,b)</c>, <c>notin (a,b)</c>, <c>key</c> (exists), <c>!key</c> (does not exist).
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>True when there are no requirements.</summary>
    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses the query-string form; bad input throws ApiException 400 like the API server.</summary>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return Everything;
        }

        var reqs = new List<Requirement>();
        foreach (var part in SplitTopLevel(selector))
        {
            reqs.Add(ParseRequirement(part.Trim(), selector));
        }

        return new LabelSelector(reqs);
    }

    /// <summary>
    /// From a metav1.LabelSelector object (matchLabels + matchExpressions with In/NotIn/Exists/DoesNotExist).
    /// metav1.LabelSelectorAsSelector: a null selector matches nothing, an empty one everything.
    /// </summary>
    public static LabelSelector? FromJson(JsonObject? selector)
    {
        if (selector is null)
        {
            return null;
        }

        var reqs = new List<Requirement>();
        if (selector["matchLabels"] is JsonObject ml)
        {
            foreach (var (k, v) in ml)
            {
                reqs.Add(new Requirement(k, Op.Equals, [v?.GetValue<string>() ?? ""]));
            }
        }

        if (selector["matchExpressions"] is JsonArray me)
        {
            foreach (var e in me.OfType<JsonObject>())
            {
                var key = e["key"]?.GetValue<string>() ?? "";
                var values = (e["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToArray() ?? [];
                var op = (e["operator"]?.GetValue<string>()) switch
                {
                    "In" => Op.In,
                    "NotIn" => Op.NotIn,
                    "Exists" => Op.Exists,
                    "DoesNotExist" => Op.DoesNotExist,
                    var other => throw ApiException.BadRequest($"\"{other}\" is not a valid label selector operator"),
                };
                reqs.Add(new Requirement(key, op, values));
            }
        }

        return new LabelSelector(reqs);
    }

    /// <summary>True when the labels (a JSON object of strings, or null) satisfy every requirement.</summary>
    public bool Matches(JsonObject? labels)
    {
        foreach (var r in _requirements)
        {
            var has = labels is not null && labels.TryGetPropertyValue(r.Key, out var node) && node is not null;
            var value = has ? labels![r.Key]!.GetValue<string>() : null;
            var ok = r.Op switch
            {
                Op.Equals => has && r.Values[0] == value,
                Op.NotEquals => !has || r.Values[0] != value,
                Op.In => has && r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                Op.Exists => has,
                Op.DoesNotExist => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the object's metadata.labels match.</summary>
    public bool MatchesObject(JsonObject obj) => Matches(obj["metadata"]?["labels"] as JsonObject);

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var r in _requirements)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(r.Op switch
            {
                Op.Equals => $"{r.Key}={r.Values[0]}",
                Op.NotEquals => $"{r.Key}!={r.Values[0]}",
                Op.In => $"{r.Key} in ({string.Join(",", r.Values)})",
                Op.NotIn => $"{r.Key} notin ({string.Join(",", r.Values)})",
                Op.Exists => r.Key,
                _ => "!" + r.Key,
            });
        }

        return sb.ToString();
    }

    private static IEnumerable<string> SplitTopLevel(string s)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return s[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return s[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw ApiException.BadRequest($"unable to parse requirement: found '', expected: identifier (selector \"{whole}\")");
        }

        if (part[0] == '!')
        {
            var key = part[1..].Trim();
            ValidateKey(key, whole);
            return new Requirement(key, Op.DoesNotExist, []);
        }

        int idx;
        if ((idx = part.IndexOf("!=", StringComparison.Ordinal)) > 0)
        {
            return Binary(part, idx, 2, Op.NotEquals, whole);
        }

        if ((idx = part.IndexOf("==", StringComparison.Ordinal)) > 0)
        {
            return Binary(part, idx, 2, Op.Equals, whole);
        }

        if ((idx = part.IndexOf('=', StringComparison.Ordinal)) > 0)
        {
            return Binary(part, idx, 1, Op.Equals, whole);
        }

        var paren = part.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            var head = part[..paren].Trim();
            var sp = head.LastIndexOf(' ');
            if (sp <= 0 || !part.EndsWith(')'))
            {
                throw ApiException.BadRequest($"unable to parse requirement: \"{part}\" in selector \"{whole}\"");
            }

            var key = head[..sp].Trim();
            var word = head[(sp + 1)..];
            var op = word switch
            {
                "in" => Op.In,
                "notin" => Op.NotIn,
                _ => throw ApiException.BadRequest($"unable to parse requirement: found '{word}', expected: in, notin, =, ==, !=, gt, lt (selector \"{whole}\")"),
            };
            ValidateKey(key, whole);
            var values = part[(paren + 1)..^1].Split(',').Select(v => v.Trim()).ToArray();
            if (values.Length == 1 && values[0].Length == 0)
            {
                throw ApiException.BadRequest($"unable to parse requirement: for '{word}' operator, values set can't be empty (selector \"{whole}\")");
            }

            foreach (var v in values)
            {
                ValidateValue(v, whole);
            }

            return new Requirement(key, op, values);
        }

        ValidateKey(part, whole);
        return new Requirement(part, Op.Exists, []);
    }

    private static Requirement Binary(string part, int idx, int len, Op op, string whole)
    {
        var key = part[..idx].Trim();
        var value = part[(idx + len)..].Trim();
        ValidateKey(key, whole);
        ValidateValue(value, whole);
        return new Requirement(key, op, [value]);
    }

    // apimachinery validation: qualified name (optional DNS prefix + "/"), name part 1-63 alnum, '-', '_', '.'.
    private static void ValidateKey(string key, string whole)
    {
        var name = key.Contains('/') ? key[(key.LastIndexOf('/') + 1)..] : key;
        if (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ||
            !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            throw ApiException.BadRequest($"unable to parse requirement: invalid label key \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (selector \"{whole}\")");
        }
    }

    private static void ValidateValue(string value, string whole)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (value.Length > 63 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ||
            !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            throw ApiException.BadRequest($"unable to parse requirement: invalid label value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (selector \"{whole}\")");
        }
    }

    private enum Op
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Op Op, string[] Values);
}
