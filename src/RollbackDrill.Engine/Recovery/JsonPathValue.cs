using System.Globalization;
using System.Text.Json;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// A small JSON path: $.a.b, a.b[0].c, $['a'] is not supported. Returns the value as text (strings raw, numbers
/// as written, true/false/null) or null when the path does not exist.
/// </summary>
public static class JsonPathValue
{
    public static string? Read(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var doc = JsonDocument.Parse(json);
        var current = doc.RootElement;
        foreach (var step in Steps(path))
        {
            if (step is int index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty((string)step, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => current.GetRawText(),
        };
    }

    /// <summary>Splits "$.checks.redis[0].status" into "checks", "redis", 0, "status".</summary>
    public static IReadOnlyList<object> Steps(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Trim();
        if (p.StartsWith('$'))
        {
            p = p[1..];
        }

        var steps = new List<object>();
        foreach (var part in p.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var rest = bracket >= 0 ? name[bracket..] : string.Empty;
            if (bracket >= 0)
            {
                name = name[..bracket];
            }

            if (name.Length > 0)
            {
                steps.Add(name);
            }

            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (!rest.StartsWith('[') || close < 0 || !int.TryParse(rest[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                {
                    throw new FormatException($"'{path}' is not a supported JSON path: use names and [index], e.g. $.checks.redis.status or items[0].ready.");
                }

                steps.Add(i);
                rest = rest[(close + 1)..];
            }
        }

        return steps;
    }
}
