namespace RollbackDrill.Sandbox.Scenario;

/// <summary>Annotations the scenario writes on workloads for the sandbox controllers; the names are helper A's
/// SandboxAnnotations constants (kept here as literals until that class is merged).</summary>
internal static class SandboxKnobs
{
    public const string ReadyAfter = "sandbox.rollbackdrill.io/ready-after";
    public const string NeverReady = "sandbox.rollbackdrill.io/never-ready";

    /// <summary>Not a sandbox knob: the build's git commit, for drills to show beside the revision.</summary>
    public const string GitCommit = "rollbackdrill.io/git-commit";

    public static string Duration(TimeSpan d) =>
        d.TotalMilliseconds % 1000 == 0
            ? ((long)d.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s"
            : ((long)d.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
}
