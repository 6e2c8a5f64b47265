namespace RollbackDrill;

/// <summary>The probe kinds of Measure-RecoveryTime.</summary>
public enum DrillProbeKind
{
    Http,
    Tcp,
    Prometheus,
    Alerts,
    Kubernetes,
}
