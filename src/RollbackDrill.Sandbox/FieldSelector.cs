using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox;

/// <summary>
/// A parsed field selector: <c>metadata.name</c> and <c>metadata.namespace</c> with <c>=</c>, <c>==</c>, <c>!=</c>
/// (every resource), plus <c>type</c> for secrets and <c>status.phase</c>/<c>spec.nodeName</c> for pods, as the
/// API server's field label conversion functions allow. Other fields answer 400 "field label not supported".
/// </summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    /// <summary>Parses a field selector for a resource; unsupported fields throw ApiException 400.</summary>
    public static FieldSelector Parse(string? selector, ResourceType type)
    {
        var terms = new List<(string, bool, string)>();
        if (!string.IsNullOrWhiteSpace(selector))
        {
            foreach (var raw in selector.Split(','))
            {
                var part = raw.Trim();
                var (field, equal, value) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0
                    ? (part[..ne], false, part[(ne + 2)..])
                    : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0
                        ? (part[..ee], true, part[(ee + 2)..])
                        : part.IndexOf('=', StringComparison.Ordinal) is var e and > 0
                            ? (part[..e], true, part[(e + 1)..])
                            : throw ApiException.BadRequest($"invalid selector: '{part}'; can't understand '{part}'");
                field = field.Trim();
                if (!Supported(field, type))
                {
                    // API server: "field label not supported: <field>".
                    throw ApiException.BadRequest($"field label not supported: {field}");
                }

                terms.Add((field, equal, value.Trim()));
            }
        }

        return new FieldSelector(terms);
    }

    /// <summary>True when the selector has no terms.</summary>
    public bool IsEmpty => _terms.Count == 0;

    /// <summary>True when the object satisfies every term.</summary>
    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = field switch
            {
                "metadata.name" => obj["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => obj["metadata"]?["namespace"]?.GetValue<string>(),
                "type" => obj["type"]?.GetValue<string>(),
                "status.phase" => obj["status"]?["phase"]?.GetValue<string>(),
                "spec.nodeName" => obj["spec"]?["nodeName"]?.GetValue<string>(),
                _ => null,
            } ?? "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Supported(string field, ResourceType type) => field switch
    {
        "metadata.name" or "metadata.namespace" => true,
        "type" => type.Resource == "secrets",
        "status.phase" or "spec.nodeName" => type.Resource == "pods",
        _ => false,
    };
}
