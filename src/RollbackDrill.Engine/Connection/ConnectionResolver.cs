using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace RollbackDrill.Engine.Connection;

/// <summary>
/// Resolves which cluster, context, namespace and user a command uses, the way kubectl does: an explicit
/// kubeconfig, else $KUBECONFIG (a path list, merged), else ~/.kube/config, else the in-cluster service account.
/// The context is -Context, else $KUBE_CONTEXT, else the kubeconfig's current-context.
/// </summary>
public static class ConnectionResolver
{
    public static ClusterConnection Resolve(ConnectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var explicitContext = FirstNonEmpty(request.Context, request.EnvKubeContext);
        var paths = KubeconfigPaths(request);

        if (paths.Count == 0)
        {
            if (IsInCluster(request))
            {
                return ResolveInCluster(request, explicitContext);
            }

            throw new DrillException(
                ErrorIds.KubeconfigNotFound,
                DrillErrorKind.ObjectNotFound,
                "No kubeconfig was found: -Kubeconfig was not given, $env:KUBECONFIG is empty and " +
                $"'{DefaultKubeconfig(request) ?? "~/.kube/config"}' does not exist, and this is not running in a pod. " +
                "Pass -Kubeconfig <path>, set $env:KUBECONFIG, or start a local cluster with Start-DrillSandbox.",
                request.Kubeconfig)
            {
                RecommendedAction = "Pass -Kubeconfig <path> or set $env:KUBECONFIG.",
            };
        }

        K8SConfiguration config;
        try
        {
            config = LoadMerged(paths);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or YamlDotNet.Core.YamlException or ArgumentException or NullReferenceException)
        {
            throw new DrillException(
                ErrorIds.KubeconfigInvalid,
                DrillErrorKind.InvalidData,
                $"The kubeconfig '{string.Join(Path.PathSeparator, paths)}' could not be read: {ex.Message} " +
                "Check that it is a valid kubeconfig file (kubectl config view --kubeconfig <path>).",
                string.Join(Path.PathSeparator, paths),
                ex);
        }

        if (config.Contexts is null || !config.Contexts.Any())
        {
            throw new DrillException(
                ErrorIds.KubeconfigInvalid,
                DrillErrorKind.InvalidData,
                $"The kubeconfig '{string.Join(Path.PathSeparator, paths)}' defines no contexts. " +
                "Point -Kubeconfig at a kubeconfig with a context (kubectl config get-contexts), or start one with Start-DrillSandbox.",
                string.Join(Path.PathSeparator, paths));
        }

        var contextName = explicitContext ?? config.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new DrillException(
                ErrorIds.ContextNotFound,
                DrillErrorKind.InvalidArgument,
                $"The kubeconfig '{string.Join(Path.PathSeparator, paths)}' has no current-context and no context was named. " +
                $"Pass -Context with one of: {ContextList(config)}.",
                string.Join(Path.PathSeparator, paths));
        }

        var context = config.Contexts?.FirstOrDefault(c => c.Name == contextName);
        if (context is null)
        {
            throw new DrillException(
                ErrorIds.ContextNotFound,
                DrillErrorKind.ObjectNotFound,
                $"The context '{contextName}' is not in the kubeconfig '{string.Join(Path.PathSeparator, paths)}'. " +
                $"Known contexts: {ContextList(config)}.",
                contextName);
        }

        if (request.RequireExplicitContext && explicitContext is null)
        {
            throw ContextRequired(contextName);
        }

        KubernetesClientConfiguration clientConfig;
        try
        {
            clientConfig = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, contextName);
        }
        catch (Exception ex) when (ex is KubeConfigException or ArgumentException or FormatException or IOException or NullReferenceException)
        {
            throw new DrillException(
                ErrorIds.KubeconfigInvalid,
                DrillErrorKind.InvalidData,
                $"The context '{contextName}' in '{string.Join(Path.PathSeparator, paths)}' cannot be used: {ex.Message}",
                contextName,
                ex);
        }

        var cluster = config.Clusters?.FirstOrDefault(c => c.Name == context.ContextDetails?.Cluster);
        var user = config.Users?.FirstOrDefault(u => u.Name == context.ContextDetails?.User);
        var ns = FirstNonEmpty(request.Namespace, context.ContextDetails?.Namespace) ?? "default";
        var info = new DrillContextInfo
        {
            Context = contextName,
            Cluster = context.ContextDetails?.Cluster ?? string.Empty,
            Server = new Uri(clientConfig.Host),
            Namespace = ns,
            User = context.ContextDetails?.User ?? string.Empty,
            AuthMethod = AuthMethodOf(user),
            Source = string.Join(Path.PathSeparator, paths),
            IsExplicit = explicitContext is not null,
            SkipTlsVerify = cluster?.ClusterEndpoint?.SkipTlsVerify ?? false,
        };
        clientConfig.Namespace = ns;
        return new ClusterConnection(info, clientConfig);
    }

    /// <summary>The error a mutating command gives when no context was named (seed 003's lesson).</summary>
    public static DrillException ContextRequired(string? currentContext) => new(
        ErrorIds.ContextRequired,
        DrillErrorKind.InvalidOperation,
        "This command changes the cluster, so the context must be named explicitly: pass -Context <name> or set " +
        "$env:KUBE_CONTEXT." + (currentContext is null ? string.Empty : $" (The kubeconfig's current-context is '{currentContext}'; it is not used implicitly.)"),
        currentContext)
    {
        RecommendedAction = "Pass -Context <name> or set $env:KUBE_CONTEXT.",
    };

    internal static List<string> KubeconfigPaths(ConnectionRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Kubeconfig))
        {
            var full = Path.GetFullPath(request.Kubeconfig);
            if (!File.Exists(full))
            {
                throw new DrillException(
                    ErrorIds.KubeconfigNotFound,
                    DrillErrorKind.ObjectNotFound,
                    $"The kubeconfig file '{full}' does not exist. Check the -Kubeconfig path.",
                    request.Kubeconfig)
                {
                    RecommendedAction = "Check the -Kubeconfig path.",
                };
            }

            return [full];
        }

        if (!string.IsNullOrWhiteSpace(request.EnvKubeconfig))
        {
            // kubectl: KUBECONFIG is a list of paths; missing files are ignored, the rest merged (first wins).
            var list = request.EnvKubeconfig.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(File.Exists)
                .Select(Path.GetFullPath)
                .Distinct()
                .ToList();
            if (list.Count > 0)
            {
                return list;
            }
        }

        var home = DefaultKubeconfig(request);
        return home is not null && File.Exists(home) ? [home] : [];
    }

    // kubectl's merge rule for a KUBECONFIG list: the first file to set a value (or a named entry) wins.
    private static K8SConfiguration LoadMerged(List<string> paths)
    {
        var merged = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(paths[0]), useRelativePaths: true);
        foreach (var path in paths.Skip(1))
        {
            var next = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: true);
            merged.CurrentContext ??= next.CurrentContext;
            merged.Contexts = MergeByName(merged.Contexts, next.Contexts, c => c.Name);
            merged.Clusters = MergeByName(merged.Clusters, next.Clusters, c => c.Name);
            merged.Users = MergeByName(merged.Users, next.Users, u => u.Name);
        }

        return merged;
    }

    private static List<T> MergeByName<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name)
    {
        var list = first?.ToList() ?? [];
        var names = list.Select(name).ToHashSet(StringComparer.Ordinal);
        list.AddRange((second ?? []).Where(x => names.Add(name(x))));
        return list;
    }

    private static string? DefaultKubeconfig(ConnectionRequest request) =>
        string.IsNullOrEmpty(request.HomeDirectory) ? null : Path.Combine(request.HomeDirectory, ".kube", "config");

    private static bool IsInCluster(ConnectionRequest request) =>
        !string.IsNullOrEmpty(request.EnvServiceHost)
        && !string.IsNullOrEmpty(request.EnvServicePort)
        && File.Exists(Path.Combine(request.ServiceAccountDirectory, "token"));

    private static ClusterConnection ResolveInCluster(ConnectionRequest request, string? explicitContext)
    {
        // In a pod there is one identity and one cluster; a named context is recorded as the label for it.
        if (request.RequireExplicitContext && explicitContext is null)
        {
            throw ContextRequired("in-cluster");
        }

        var config = KubernetesClientConfiguration.InClusterConfig();
        var nsFile = Path.Combine(request.ServiceAccountDirectory, "namespace");
        var ns = FirstNonEmpty(request.Namespace, File.Exists(nsFile) ? File.ReadAllText(nsFile).Trim() : null) ?? "default";
        config.Namespace = ns;
        var info = new DrillContextInfo
        {
            Context = explicitContext ?? "in-cluster",
            Cluster = "in-cluster",
            Server = new Uri(config.Host),
            Namespace = ns,
            User = "serviceaccount",
            AuthMethod = "InCluster",
            Source = "in-cluster",
            IsExplicit = explicitContext is not null,
        };
        return new ClusterConnection(info, config);
    }

    private static string AuthMethodOf(User? user)
    {
        var u = user?.UserCredentials;
        if (u is null)
        {
            return "None";
        }

        if (u.ExternalExecution is not null)
        {
            return "Exec";
        }

        if (!string.IsNullOrEmpty(u.Token))
        {
            return "Token";
        }

        if (!string.IsNullOrEmpty(u.ClientCertificateData) || !string.IsNullOrEmpty(u.ClientCertificate))
        {
            return "ClientCertificate";
        }

        if (!string.IsNullOrEmpty(u.UserName))
        {
            return "BasicAuth";
        }

        return u.AuthProvider is not null ? "AuthProvider" : "None";
    }

    private static string ContextList(K8SConfiguration config)
    {
        var names = config.Contexts?.Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).ToList() ?? [];
        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>Context names of a kubeconfig, for argument completion.</summary>
public static class KubeconfigContexts
{
    public static IReadOnlyList<string> List(ConnectionRequest request)
    {
        var paths = ConnectionResolver.KubeconfigPaths(request);
        var names = new List<string>();
        foreach (var path in paths)
        {
            var config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: true);
            names.AddRange((config.Contexts ?? []).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)));
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
