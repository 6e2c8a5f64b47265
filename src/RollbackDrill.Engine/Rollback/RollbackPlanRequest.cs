using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Rollback;

/// <summary>What to plan: one release, where it is, and how to choose the target.</summary>
public sealed record RollbackPlanRequest
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required HelmConnection Connection { get; init; }

    public HelmStorageDriver Driver { get; init; }

    /// <summary>The revision asked for; null or 0 = Helm's default (current − 1).</summary>
    public int? Revision { get; init; }

    public bool ToLastDeployed { get; init; }

    /// <summary>The helm major the command line is shown for.</summary>
    public HelmMajor HelmMajor { get; init; } = HelmMajor.V3;

    public RollbackOptions Options { get; init; } = new();
}
