namespace RollbackDrill;

/// <summary>How a Prometheus probe's value is judged.</summary>
public enum ProbeComparison
{
    /// <summary>Within TolerancePercent of the baseline value.</summary>
    WithinTolerance,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Equal,
}
