namespace RollbackDrill.Sandbox.Scenario;

/// <summary>One problem in a scenario file, with its position (1-based line and column).</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
