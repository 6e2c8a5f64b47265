namespace RollbackDrill.Sandbox;

/// <summary>
/// Readiness simulation knobs, set as annotations on a Deployment/StatefulSet/DaemonSet (and so on its pod
/// template) or directly on a pod template. Scenario files set them; the controllers read them.
/// </summary>
public static class SandboxAnnotations
{
    /// <summary>Annotation prefix of every sandbox knob.</summary>
    public const string Prefix = "sandbox.rollbackdrill.io/";

    /// <summary>Pods become Ready this long after creation: a Go-style duration ("2s", "500ms", "1m30s").</summary>
    public const string ReadyAfter = Prefix + "ready-after";

    /// <summary>"true": pods run but never become Ready (the rollout then exceeds its progress deadline).</summary>
    public const string NeverReady = Prefix + "never-ready";
}
