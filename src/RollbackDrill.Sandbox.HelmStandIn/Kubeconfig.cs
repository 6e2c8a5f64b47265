using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Sandbox.HelmStandIn;

/// <summary>The parts of a kubeconfig helm needs here: the context's server, bearer token and namespace.</summary>
internal sealed record Kubeconfig(string Server, string? Token, string? Namespace, string Context)
{
    /// <summary>client-go loading rules: --kubeconfig, else $KUBECONFIG (first file), else ~/.kube/config;
    /// context: --kube-context, else $HELM_KUBECONTEXT, else current-context.</summary>
    public static Kubeconfig Load(string? path, string? context)
    {
        path ??= Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(path))
        {
            throw new StandInException($"Kubernetes cluster unreachable: stat {path}: no such file or directory");
        }

        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        context ??= Environment.GetEnvironmentVariable("HELM_KUBECONTEXT") is { Length: > 0 } env ? env : Scalar(root, "current-context");
        if (string.IsNullOrEmpty(context))
        {
            throw new StandInException("Kubernetes cluster unreachable: invalid configuration: no configuration has been provided");
        }

        var ctx = Named(root, "contexts", context, "context")
            ?? throw new StandInException($"Kubernetes cluster unreachable: context \"{context}\" does not exist");
        var clusterName = Scalar(ctx, "cluster") ?? "";
        var userName = Scalar(ctx, "user");
        var cluster = Named(root, "clusters", clusterName, "cluster")
            ?? throw new StandInException($"Kubernetes cluster unreachable: cluster \"{clusterName}\" does not exist");
        var server = Scalar(cluster, "server") ?? throw new StandInException("Kubernetes cluster unreachable: no server found for cluster \"" + clusterName + "\"");
        var user = userName is null ? null : Named(root, "users", userName, "user");
        return new Kubeconfig(server.TrimEnd('/'), user is null ? null : Scalar(user, "token"), Scalar(ctx, "namespace"), context);
    }

    private static YamlMappingNode? Named(YamlMappingNode root, string list, string name, string inner)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var seq) || seq is not YamlSequenceNode items)
        {
            return null;
        }

        foreach (var item in items.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(item, "name") == name && item.Children.TryGetValue(new YamlScalarNode(inner), out var v) && v is YamlMappingNode m)
            {
                return m;
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}
