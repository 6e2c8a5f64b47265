namespace RollbackDrill.Engine.Rules;

/// <summary>The Helm major versions whose command line RollbackDrill knows.</summary>
public enum HelmMajor
{
    V3 = 3,
    V4 = 4,
}
