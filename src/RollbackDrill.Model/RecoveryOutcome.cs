namespace RollbackDrill;

/// <summary>How a recovery measurement ended.</summary>
public enum RecoveryOutcome
{
    /// <summary>Every probe passed the required number of times in a row.</summary>
    Recovered,

    /// <summary>The deadline (-Timeout) passed, or a probe faulted, before every probe recovered.</summary>
    NotRecovered,

    /// <summary>Stopped (Ctrl+C): a partial measurement.</summary>
    Cancelled,
}
