namespace RollbackDrill.Engine.Services;

/// <summary>A progress report: what is being done, and how far (Total 0 = unknown).</summary>
public sealed record ReleaseProgress(string Status, int Done, int Total)
{
    public int PercentComplete => Total <= 0 ? -1 : Math.Clamp(Done * 100 / Total, 0, 100);
}
