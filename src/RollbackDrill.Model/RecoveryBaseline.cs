using System.Globalization;

namespace RollbackDrill;

/// <summary>A Prometheus query's value captured before a drill, for a probe that waits until it is back.</summary>
public sealed class RecoveryBaseline
{
    public required Uri PrometheusUrl { get; init; }

    public required string Query { get; init; }

    public required double Value { get; init; }

    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>Lets a baseline object be given where a number is expected (-Baseline $baseline).</summary>
    public static implicit operator double(RecoveryBaseline baseline) => baseline?.Value ?? double.NaN;

    public double ToDouble() => Value;

    public override string ToString() => $"{Query} = {Value.ToString("G6", CultureInfo.InvariantCulture)}";
}
