using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Engine.Helm;

/// <summary>
/// Reads Helm's rendered manifest: documents separated by "---" lines (Helm's releaseutil.SplitManifests), each
/// a Kubernetes object. A document that does not parse is skipped: the manifest was applied by Helm, so one odd
/// document must not hide the images of the others.
/// </summary>
public static partial class ManifestReader
{
    // Kinds whose pod template carries containers, and where it sits.
    private static readonly Dictionary<string, string[]> PodSpecPaths = new(StringComparer.Ordinal)
    {
        ["Deployment"] = ["spec", "template", "spec"],
        ["StatefulSet"] = ["spec", "template", "spec"],
        ["DaemonSet"] = ["spec", "template", "spec"],
        ["ReplicaSet"] = ["spec", "template", "spec"],
        ["Job"] = ["spec", "template", "spec"],
        ["CronJob"] = ["spec", "jobTemplate", "spec", "template", "spec"],
        ["Pod"] = ["spec"],
    };

    public static string Digest(string? manifest) =>
        "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(manifest ?? string.Empty))).ToLowerInvariant();

    public static IReadOnlyList<ManifestWorkload> Workloads(string? manifest)
    {
        var result = new List<ManifestWorkload>();
        if (string.IsNullOrWhiteSpace(manifest))
        {
            return result;
        }

        foreach (var text in DocumentSeparator().Split(manifest))
        {
            if (string.IsNullOrWhiteSpace(text) || !text.Contains("kind", StringComparison.Ordinal))
            {
                continue;
            }

            // Parsing YAML dominates decoding: skip documents whose top-level kind is plainly not a workload
            // (ConfigMaps, CRDs and RBAC are most of a big manifest's bytes).
            var topKind = TopLevelKind().Match(text);
            if (topKind.Success && !PodSpecPaths.ContainsKey(topKind.Groups[1].Value))
            {
                continue;
            }

            YamlMappingNode? root;
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
            }
            catch (YamlException)
            {
                continue;
            }

            if (root is null || Scalar(root, "kind") is not { } kind || !PodSpecPaths.TryGetValue(kind, out var path))
            {
                continue;
            }

            var meta = Map(root, "metadata");
            var podSpec = Walk(root, path);
            var images = new List<string>();
            foreach (var list in new[] { "initContainers", "containers" })
            {
                if (podSpec is not null && podSpec.Children.TryGetValue(new YamlScalarNode(list), out var node) && node is YamlSequenceNode seq)
                {
                    images.AddRange(seq.OfType<YamlMappingNode>().Select(c => Scalar(c, "image")).OfType<string>());
                }
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var template = path.Length > 1 ? Walk(root, path[..^1]) : root;
            foreach (var m in new[] { meta, Map(template, "metadata") })
            {
                foreach (var section in new[] { "labels", "annotations" })
                {
                    foreach (var entry in Map(m, section)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
                    {
                        if (entry.Key is YamlScalarNode ks && entry.Value is YamlScalarNode vs && ks.Value is not null && vs.Value is not null)
                        {
                            labels.TryAdd(ks.Value, vs.Value);
                        }
                    }
                }
            }

            result.Add(new ManifestWorkload(kind, Scalar(meta, "name") ?? string.Empty, Scalar(meta, "namespace"), images, labels));
        }

        return result;
    }

    public static IReadOnlyList<string> Images(IEnumerable<ManifestWorkload> workloads) =>
        workloads.SelectMany(w => w.Images).Distinct(StringComparer.Ordinal).ToList();

    private static YamlMappingNode? Walk(YamlMappingNode? node, IEnumerable<string> path)
    {
        foreach (var key in path)
        {
            node = Map(node, key);
        }

        return node;
    }

    private static YamlMappingNode? Map(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    [GeneratedRegex(@"(?m)^kind:[ \t]*[""']?([A-Za-z0-9]+)[""']?[ \t]*(?:#.*)?\r?$", RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelKind();

    // Helm releaseutil.SplitManifests: documents are separated by lines that start with "---".
    [GeneratedRegex(@"(?m)^---[^\n]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentSeparator();
}
