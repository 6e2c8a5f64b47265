using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Reads typed values out of a YAML node tree and records every mistake with its line, column and field path,
/// so the validator can go on and report all of them at once.
/// </summary>
internal sealed class DrillYamlReader(string path)
{
    private readonly List<DrillFileError> errors = [];

    public IReadOnlyList<DrillFileError> Errors => errors;

    public void Error(YamlNode? node, string field, string message) =>
        errors.Add(new DrillFileError
        {
            Path = path,
            Line = node is null ? 1 : (int)node.Start.Line,
            Column = node is null ? 1 : (int)node.Start.Column,
            Field = field,
            Message = message,
        });

    public void Error(int line, int column, string field, string message) =>
        errors.Add(new DrillFileError { Path = path, Line = line, Column = column, Field = field, Message = message });

    /// <summary>The node as a mapping; also reports every key not in <paramref name="allowed"/> (typos are mistakes).</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string field, params string[] allowed)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, field, "Expected a mapping (key: value pairs).");
            return null;
        }

        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Error(key, Join(field, name), $"Unknown field '{name}'. Allowed here: {string.Join(", ", allowed)}.");
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

        return map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public static YamlNode? KeyNode(YamlMappingNode? map, string key) =>
        map?.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

    public IReadOnlyList<YamlNode> Sequence(YamlMappingNode? map, string key, string field, bool required = false)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            if (required && map is not null)
            {
                Error(map, Join(field, key), "Required field is missing.");
            }

            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            Error(node, Join(field, key), "Expected a list.");
            return [];
        }

        if (required && seq.Children.Count == 0)
        {
            Error(node, Join(field, key), "The list must not be empty.");
        }

        return [.. seq.Children];
    }

    public string? String(YamlMappingNode? map, string key, string field, bool required = false)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            if (required && map is not null)
            {
                Error(KeyNode(map, key) ?? map, Join(field, key), "Required field is missing.");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, Join(field, key), "Expected a single value, not a list or mapping.");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, Join(field, key), "Must not be empty.");
            return null;
        }

        return scalar.Value;
    }

    public long? Integer(YamlMappingNode? map, string key, string field, long min, bool required = false)
    {
        var text = String(map, key, field, required);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(Child(map, key), Join(field, key), $"'{text}' is not a whole number.");
            return null;
        }

        if (value < min)
        {
            Error(Child(map, key), Join(field, key), $"Must be at least {min}; got {value}.");
            return null;
        }

        return value;
    }

    public double? Number(YamlMappingNode? map, string key, string field)
    {
        var text = String(map, key, field);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Error(Child(map, key), Join(field, key), $"'{text}' is not a number.");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlMappingNode? map, string key, string field)
    {
        var text = String(map, key, field);
        if (text is null)
        {
            return null;
        }

        // YAML 1.2 core schema booleans.
        switch (text)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Error(Child(map, key), Join(field, key), $"'{text}' is not true or false.");
                return null;
        }
    }

    public TimeSpan? Duration(YamlMappingNode? map, string key, string field, bool required = false, bool positive = true)
    {
        var text = String(map, key, field, required);
        if (text is null)
        {
            return null;
        }

        if (!DrillDuration.TryParse(text, out var value))
        {
            Error(Child(map, key), Join(field, key), $"'{text}' is not a duration; use Go syntax such as 90s, 5m or 1h30m.");
            return null;
        }

        if (positive && value <= TimeSpan.Zero)
        {
            Error(Child(map, key), Join(field, key), "Must be longer than zero.");
            return null;
        }

        return value;
    }

    public TEnum? Enum<TEnum>(YamlMappingNode? map, string key, string field, bool required = false)
        where TEnum : struct, System.Enum
    {
        var text = String(map, key, field, required);
        if (text is null)
        {
            return null;
        }

        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        Error(Child(map, key), Join(field, key), $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(Camel))}.");
        return null;
    }

    public Uri? AbsoluteUrl(YamlMappingNode? map, string key, string field, bool required = false)
    {
        var text = String(map, key, field, required);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Error(Child(map, key), Join(field, key), $"'{text}' is not an absolute http or https URL.");
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            Error(Child(map, key), Join(field, key), "URLs must not carry credentials; use headersFromEnv.");
            return null;
        }

        return uri;
    }

    public Dictionary<string, string> StringMap(YamlMappingNode? map, string key, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return result;
        }

        if (node is not YamlMappingNode inner)
        {
            Error(node, Join(field, key), "Expected a mapping of names to values.");
            return result;
        }

        foreach (var (k, v) in inner.Children)
        {
            if (k is YamlScalarNode ks && v is YamlScalarNode vs && !string.IsNullOrEmpty(ks.Value) && vs.Value is not null)
            {
                result[ks.Value] = vs.Value;
            }
            else
            {
                Error(k, Join(field, key), "Each entry must be name: value.");
            }
        }

        return result;
    }

    public IReadOnlyList<string> StringList(YamlMappingNode? map, string key, string field)
    {
        var items = new List<string>();
        foreach (var item in Sequence(map, key, field))
        {
            if (item is YamlScalarNode s && s.Value is not null)
            {
                items.Add(s.Value);
            }
            else
            {
                Error(item, Join(field, key), "Each item must be a single value.");
            }
        }

        return items;
    }

    public static string Join(string field, string key) => field.Length == 0 ? key : field + "." + key;

    /// <summary>Enum names as written in files: the leading capitals lowered (BeforeRollback: beforeRollback, JUnit: junit).</summary>
    public static string Camel(string name)
    {
        var upper = 0;
        while (upper < name.Length && char.IsUpper(name[upper]))
        {
            upper++;
        }

        var lower = upper > 1 && upper < name.Length ? upper : Math.Max(upper, 1);
        return name[..lower].ToLowerInvariant() + name[lower..];
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
