namespace RollbackDrill.Sandbox.HelmStandIn;

/// <summary>How a flag takes its value (spf13/pflag semantics).</summary>
internal enum FlagKind
{
    Bool,
    String,
    Int,
    Duration,

    /// <summary>A string flag with a NoOptDefVal: "--wait" alone means <see cref="FlagSpec.NoOptDefault"/>.</summary>
    OptionalString,
}

internal sealed record FlagSpec(string Name, char? Shorthand, FlagKind Kind, string? Default = null, string? NoOptDefault = null, string? Deprecated = null);
