namespace RollbackDrill.Sandbox.Scenario;

/// <summary>Annotations the scenario writes on workloads for the sandbox controllers (<see cref="SandboxAnnotations"/>).</summary>
internal static class SandboxKnobs
{
    public const string ReadyAfter = SandboxAnnotations.ReadyAfter;
    public const string NeverReady = SandboxAnnotations.NeverReady;

    /// <summary>Not a sandbox knob: the build's git commit, for drills to show beside the revision.</summary>
    public const string GitCommit = "rollbackdrill.io/git-commit";

    public static string Duration(TimeSpan d) =>
        d.TotalMilliseconds % 1000 == 0
            ? ((long)d.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s"
            : ((long)d.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
}
