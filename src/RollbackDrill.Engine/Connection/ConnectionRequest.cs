namespace RollbackDrill.Engine.Connection;

/// <summary>
/// What the caller asked for: an optional context, kubeconfig path(s) and namespace, plus the environment the
/// caller sees (passed in, so that resolution is a pure function of its input and testable).
/// </summary>
public sealed record ConnectionRequest
{
    public string? Context { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Mutating commands: refuse unless the context was named (parameter or KUBE_CONTEXT).</summary>
    public bool RequireExplicitContext { get; init; }

    public string? EnvKubeContext { get; init; }

    public string? EnvKubeconfig { get; init; }

    public string? HomeDirectory { get; init; }

    /// <summary>The directory that holds the service-account token when running in a pod.</summary>
    public string ServiceAccountDirectory { get; init; } = "/var/run/secrets/kubernetes.io/serviceaccount";

    public string? EnvServiceHost { get; init; }

    public string? EnvServicePort { get; init; }

    public static ConnectionRequest FromEnvironment(string? context, string? kubeconfig, string? ns, bool requireExplicit) => new()
    {
        Context = context,
        Kubeconfig = kubeconfig,
        Namespace = ns,
        RequireExplicitContext = requireExplicit,
        EnvKubeContext = Environment.GetEnvironmentVariable("KUBE_CONTEXT"),
        EnvKubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG"),
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        EnvServiceHost = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        EnvServicePort = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"),
    };
}
