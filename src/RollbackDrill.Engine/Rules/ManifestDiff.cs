using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// Compares two Helm release manifests (multi-document YAML as stored in the release's "manifest" field): objects
/// keyed by apiVersion/kind/namespace/name are Added, Removed or Changed, and for Changed the changed field paths
/// with old → new values. List items that all carry a unique "name" are matched by name
/// (<c>containers[name=api]</c>), other lists by index. Values under a Secret's data/stringData are never shown.
/// </summary>
public static class ManifestDiff
{
    private const int MaxValueLength = 200;

    /// <summary>Compares manifest A (before) with manifest B (after).</summary>
    /// <param name="manifestA">The "before" manifest (may be null or empty).</param>
    /// <param name="manifestB">The "after" manifest (may be null or empty).</param>
    /// <param name="defaultNamespace">The release namespace, used for objects that name none (Helm applies them there).</param>
    /// <exception cref="DrillException">A manifest is not valid YAML, or holds two objects with the same key.</exception>
    public static ManifestDiffResult Compare(string? manifestA, string? manifestB, string? defaultNamespace = null)
    {
        var before = Parse(manifestA, defaultNamespace, "A").ToDictionary(p => p.Key, p => p.Node);
        var after = Parse(manifestB, defaultNamespace, "B");
        var changes = new List<ManifestObjectChange>();
        var unchanged = 0;

        foreach (var (key, newNode) in after)
        {
            if (!before.TryGetValue(key, out var oldNode))
            {
                changes.Add(new ManifestObjectChange(key, ManifestChangeKind.Added, []));
                continue;
            }

            var fields = new List<ManifestFieldChange>();
            var isSecret = key.Kind == "Secret" && key.ApiVersion == "v1";
            CompareNodes(oldNode, newNode, string.Empty, isSecret, fields);
            if (fields.Count == 0)
            {
                unchanged++;
            }
            else
            {
                changes.Add(new ManifestObjectChange(key, ManifestChangeKind.Changed, fields));
            }
        }

        var afterKeys = after.Select(p => p.Key).ToHashSet();
        foreach (var (key, _) in before)
        {
            if (!afterKeys.Contains(key))
            {
                changes.Add(new ManifestObjectChange(key, ManifestChangeKind.Removed, []));
            }
        }

        var ordered = changes
            .OrderBy(c => c.Key.Kind, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Key.ApiVersion, StringComparer.Ordinal)
            .ToList();
        return new ManifestDiffResult(ordered, unchanged);
    }

    /// <summary>The objects of a manifest by key, in document order (documents without kind or name are skipped).</summary>
    internal static List<(ManifestObjectKey Key, YamlMappingNode Node)> Parse(string? manifest, string? defaultNamespace, string label)
    {
        var result = new List<(ManifestObjectKey Key, YamlMappingNode Node)>();
        var seen = new HashSet<ManifestObjectKey>();
        if (string.IsNullOrWhiteSpace(manifest))
        {
            return result;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(manifest));
        }
        catch (YamlException ex)
        {
            throw new DrillException(ErrorIds.ReleaseRecordCorrupt, DrillErrorKind.InvalidData,
                $"Manifest {label} is not valid YAML ({ex.Start}): {ex.Message}", label, ex);
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            var kind = ScalarChild(root, "kind");
            var name = ScalarChild(GetChild(root, "metadata") as YamlMappingNode, "name");
            if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
            {
                continue;
            }

            var key = new ManifestObjectKey(
                ScalarChild(root, "apiVersion") ?? string.Empty,
                kind,
                ScalarChild(GetChild(root, "metadata") as YamlMappingNode, "namespace") ?? defaultNamespace ?? string.Empty,
                name);
            if (!seen.Add(key))
            {
                throw new DrillException(ErrorIds.ReleaseRecordCorrupt, DrillErrorKind.InvalidData,
                    $"Manifest {label} holds {key} twice.", label);
            }

            result.Add((key, root));
        }

        return result;
    }

    private static void CompareNodes(YamlNode? a, YamlNode? b, string path, bool secret, List<ManifestFieldChange> changes)
    {
        var hidden = secret && IsSecretValuePath(path);
        if (a is YamlMappingNode ma && b is YamlMappingNode mb)
        {
            var keys = new List<string>();
            foreach (var k in ma.Children.Keys.Concat(mb.Children.Keys))
            {
                var text = KeyText(k);
                if (!keys.Contains(text, StringComparer.Ordinal))
                {
                    keys.Add(text);
                }
            }

            foreach (var key in keys)
            {
                CompareNodes(GetChild(ma, key), GetChild(mb, key), Join(path, key), secret, changes);
            }

            return;
        }

        if (a is YamlSequenceNode sa && b is YamlSequenceNode sb)
        {
            CompareSequences(sa, sb, path, secret, changes);
            return;
        }

        if (IsAbsent(a) && IsAbsent(b))
        {
            return;
        }

        if (hidden && (a is YamlMappingNode || b is YamlMappingNode))
        {
            // A whole data map appeared or disappeared: list its keys, never its values.
            var ma2 = a as YamlMappingNode ?? new YamlMappingNode();
            var mb2 = b as YamlMappingNode ?? new YamlMappingNode();
            CompareNodes(ma2, mb2, path, secret, changes);
            return;
        }

        if (NodeEquals(a, b))
        {
            return;
        }

        var change = IsAbsent(a) ? ManifestChangeKind.Added : IsAbsent(b) ? ManifestChangeKind.Removed : ManifestChangeKind.Changed;
        changes.Add(hidden
            ? new ManifestFieldChange(path, change, null, null, true)
            : new ManifestFieldChange(path, change, Display(a), Display(b), false));
    }

    private static void CompareSequences(YamlSequenceNode a, YamlSequenceNode b, string path, bool secret, List<ManifestFieldChange> changes)
    {
        var namesA = NamesOf(a);
        var namesB = NamesOf(b);
        if (namesA is not null && namesB is not null)
        {
            var names = namesA.Select(n => n.Name).Concat(namesB.Select(n => n.Name)).Distinct(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var inA = namesA.FirstOrDefault(x => x.Name == name).Node;
                var inB = namesB.FirstOrDefault(x => x.Name == name).Node;
                CompareNodes(inA, inB, $"{path}[name={name}]", secret, changes);
            }

            return;
        }

        var count = Math.Max(a.Children.Count, b.Children.Count);
        for (var i = 0; i < count; i++)
        {
            CompareNodes(
                i < a.Children.Count ? a.Children[i] : null,
                i < b.Children.Count ? b.Children[i] : null,
                $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]",
                secret,
                changes);
        }
    }

    // Items that are all mappings with a unique scalar "name" are matched by name; otherwise null.
    private static List<(string Name, YamlNode Node)>? NamesOf(YamlSequenceNode sequence)
    {
        var result = new List<(string Name, YamlNode Node)>();
        foreach (var item in sequence.Children)
        {
            var name = ScalarChild(item as YamlMappingNode, "name");
            if (name is null || result.Any(r => r.Name == name))
            {
                return null;
            }

            result.Add((name, item));
        }

        return result;
    }

    private static bool IsSecretValuePath(string path) =>
        path.StartsWith("data", StringComparison.Ordinal) && (path.Length == 4 || path[4] is '.' or '[')
        || path.StartsWith("stringData", StringComparison.Ordinal) && (path.Length == 10 || path[10] is '.' or '[');

    private static bool IsAbsent(YamlNode? node) => node is null || node is YamlScalarNode s && IsNullScalar(s);

    // YAML 1.1/Go yaml null: ~, null, Null, NULL or empty plain scalar.
    private static bool IsNullScalar(YamlScalarNode s) =>
        s.Style is ScalarStyle.Plain or ScalarStyle.Any && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static bool NodeEquals(YamlNode? a, YamlNode? b)
    {
        if (IsAbsent(a) || IsAbsent(b))
        {
            return IsAbsent(a) && IsAbsent(b);
        }

        return (a, b) switch
        {
            (YamlScalarNode x, YamlScalarNode y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal),
            (YamlMappingNode x, YamlMappingNode y) => x.Children.Count == y.Children.Count
                && x.Children.All(p => NodeEquals(p.Value, GetChild(y, KeyText(p.Key)))),
            (YamlSequenceNode x, YamlSequenceNode y) => x.Children.Count == y.Children.Count
                && x.Children.Zip(y.Children).All(p => NodeEquals(p.First, p.Second)),
            _ => false,
        };
    }

    private static string? Display(YamlNode? node)
    {
        if (IsAbsent(node))
        {
            return null;
        }

        var sb = new StringBuilder();
        Flow(node!, sb);
        return sb.Length > MaxValueLength ? sb.ToString(0, MaxValueLength) + "…" : sb.ToString();
    }

    private static void Flow(YamlNode node, StringBuilder sb)
    {
        switch (node)
        {
            case YamlScalarNode s:
                sb.Append(s.Value);
                break;
            case YamlSequenceNode seq:
                sb.Append('[');
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Flow(seq.Children[i], sb);
                }

                sb.Append(']');
                break;
            case YamlMappingNode map:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in map.Children)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(KeyText(k)).Append(": ");
                    Flow(v, sb);
                }

                sb.Append('}');
                break;
        }

        if (sb.Length > MaxValueLength * 2)
        {
            sb.Length = MaxValueLength * 2;
        }
    }

    private static string Join(string path, string key)
    {
        var simple = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        var segment = simple ? key : $"[\"{key}\"]";
        return path.Length == 0 ? (simple ? key : segment) : simple ? $"{path}.{key}" : path + segment;
    }

    private static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? string.Empty : key.ToString();

    private static YamlNode? GetChild(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        foreach (var (k, v) in map.Children)
        {
            if (KeyText(k) == key)
            {
                return v;
            }
        }

        return null;
    }

    private static string? ScalarChild(YamlMappingNode? map, string key) =>
        GetChild(map, key) is YamlScalarNode s && !IsNullScalar(s) ? s.Value : null;
}
