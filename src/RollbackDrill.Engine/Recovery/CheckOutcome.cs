namespace RollbackDrill.Engine.Recovery;

/// <summary>The verdict of one check: passed or not, what was seen, and why it failed.</summary>
public sealed record CheckOutcome(bool Passed, string Status, string? Error = null, bool Permanent = false)
{
    public static CheckOutcome Pass(string status) => new(true, status);

    public static CheckOutcome Fail(string status, string error, bool permanent = false) => new(false, status, error, permanent);
}
