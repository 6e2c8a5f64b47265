namespace RollbackDrill;

/// <summary>
/// The cluster connection a command would use: context, cluster, server, namespace and user. Never holds
/// credentials: <see cref="AuthMethod"/> names the kind of credential only.
/// </summary>
public sealed class DrillContextInfo
{
    public required string Context { get; init; }

    public required string Cluster { get; init; }

    public required Uri Server { get; init; }

    public required string Namespace { get; init; }

    public required string User { get; init; }

    /// <summary>Token, ClientCertificate, Exec, BasicAuth, InCluster or None.</summary>
    public required string AuthMethod { get; init; }

    /// <summary>Where the configuration came from: a kubeconfig path or "in-cluster".</summary>
    public required string Source { get; init; }

    /// <summary>True when the context was named by -Context or $env:KUBE_CONTEXT rather than taken from current-context.</summary>
    public bool IsExplicit { get; init; }

    public bool SkipTlsVerify { get; init; }

    public override string ToString() => $"{Context} ({Server})";
}
