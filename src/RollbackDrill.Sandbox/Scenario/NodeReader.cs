using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RollbackDrill.Sandbox.Helm;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Sandbox.Scenario;

/// <summary>Reads typed values from YAML nodes, collecting every problem with its position instead of
/// stopping at the first.</summary>
internal sealed partial class NodeReader(string file)
{
    private readonly List<ScenarioError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ScenarioError> Errors => _errors;

    public void Error(YamlNode? node, string message)
    {
        var line = node is null ? 1 : (int)node.Start.Line;
        var col = node is null ? 1 : (int)node.Start.Column;
        _errors.Add(new ScenarioError(File, line, col, message));
    }

    /// <summary>Checks that a mapping has only known keys; reports each unknown one at its position.</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string what, params string[] allowed)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping");
            return null;
        }

        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !allowed.Contains(name, StringComparer.Ordinal))
            {
                Error(key, $"unknown field '{name}' in {what} (allowed: {string.Join(", ", allowed)})");
            }
        }

        return map;
    }

    public static YamlNode? Child(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        return map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode seq)
        {
            Error(node, $"{what} must be a list");
            return null;
        }

        return seq;
    }

    public string? String(YamlMappingNode? map, string key, string what, bool required = false)
    {
        var node = Child(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' is required");
            }

            return null;
        }

        if (node is not YamlScalarNode s || string.IsNullOrEmpty(s.Value))
        {
            Error(node, $"{what}: '{key}' must be a non-empty string");
            return null;
        }

        return s.Value;
    }

    public int? Int(YamlMappingNode? map, string key, string what, int min = int.MinValue, int max = int.MaxValue)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode s || !int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            Error(node, $"{what}: '{key}' must be an integer");
            return null;
        }

        if (v < min || v > max)
        {
            Error(node, $"{what}: '{key}' must be between {min} and {max}, not {v}");
            return null;
        }

        return v;
    }

    public double? Double(YamlMappingNode? map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode s || !double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            Error(node, $"{what}: '{key}' must be a number");
            return null;
        }

        return v;
    }

    public bool? Bool(YamlMappingNode? map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: "true" or "True" })
        {
            return true;
        }

        if (node is YamlScalarNode { Value: "false" or "False" })
        {
            return false;
        }

        Error(node, $"{what}: '{key}' must be true or false");
        return null;
    }

    /// <summary>Durations as Go/kubectl write them: "1.5s", "500ms", "2m", "1h30m"; a bare number is seconds.</summary>
    public TimeSpan? Duration(YamlMappingNode? map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode s && TryParseDuration(s.Value, out var d))
        {
            return d;
        }

        Error(node, $"{what}: '{key}' must be a duration such as 1s, 500ms, 2m or 1h30m");
        return null;
    }

    public DateTimeOffset? Time(YamlMappingNode? map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode s && DateTimeOffset.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        Error(node, $"{what}: '{key}' must be an RFC 3339 time such as 2024-11-18T09:00:00Z");
        return null;
    }

    public JsonObject? Object(YamlMappingNode? map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode)
        {
            Error(node, $"{what}: '{key}' must be a mapping");
            return null;
        }

        return (JsonObject?)YamlJson.ToJson(node);
    }

    public Dictionary<string, string>? StringMap(YamlMappingNode? map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode m)
        {
            Error(node, $"{what}: '{key}' must be a mapping of strings");
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            if (k is YamlScalarNode ks && v is YamlScalarNode vs && ks.Value is not null)
            {
                result[ks.Value] = vs.Value ?? string.Empty;
            }
            else
            {
                Error(k, $"{what}: '{key}' entries must be strings");
            }
        }

        return result;
    }

    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return false;
        }

        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            value += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }

        return true;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();
}
