namespace RollbackDrill;

/// <summary>Baseline capture before the rollback: probe values over a window, kept for comparison.</summary>
public sealed class DrillBaseline
{
    public bool Capture { get; init; } = true;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(1);
}
