namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// The interval the true recovery instant lies in: after the start of the last failed check (the target was
/// still unhealthy at some moment of it) and no later than the answer of the first passing check. The estimate
/// is the middle; the resolution is half the width, so the estimate is never off by more than the resolution.
/// </summary>
public readonly record struct RecoveryBracket(DateTimeOffset Lower, DateTimeOffset Upper)
{
    public DateTimeOffset Estimate => Lower + ((Upper - Lower) / 2);

    public TimeSpan Resolution => (Upper - Lower).Duration() / 2;

    /// <summary>The bracket of the last of several recoveries: max of the true instants lies in [max lower, max upper].</summary>
    public static RecoveryBracket Last(IEnumerable<RecoveryBracket> brackets)
    {
        var list = brackets.ToList();
        return new RecoveryBracket(list.Max(b => b.Lower), list.Max(b => b.Upper));
    }
}
