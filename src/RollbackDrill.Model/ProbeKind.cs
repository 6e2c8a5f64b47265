namespace RollbackDrill;

/// <summary>What a recovery probe checks.</summary>
public enum ProbeKind
{
    /// <summary>An HTTP(S) request whose status, body or JSON value must match.</summary>
    Http,

    /// <summary>A TCP connection that must be accepted.</summary>
    Tcp,

    /// <summary>A PromQL query whose value must be back near a baseline or satisfy a comparison.</summary>
    PrometheusQuery,

    /// <summary>No firing alert matching the given labels (Alertmanager or Prometheus alerts API).</summary>
    AlertsCleared,

    /// <summary>Every Deployment, StatefulSet and DaemonSet of a Helm release is rolled out (kubectl rollout status's rules).</summary>
    KubernetesReadiness,
}
