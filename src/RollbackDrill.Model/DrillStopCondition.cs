namespace RollbackDrill;

/// <summary>Abort the drill when a named probe has failed for <see cref="FailingFor"/> (zero: on first failure).</summary>
public sealed class DrillStopCondition
{
    public required string Probe { get; init; }

    public TimeSpan FailingFor { get; init; }

    public override string ToString() => $"stop when {Probe} fails for {FailingFor}";
}
