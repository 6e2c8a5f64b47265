using System.Globalization;

namespace RollbackDrill.Bench;

/// <summary>Repeated measurements in milliseconds (or any unit), with the order statistics the report prints.</summary>
internal sealed class Sample(IEnumerable<double> values)
{
    private readonly double[] sorted = values.Order().ToArray();

    public int Count => sorted.Length;

    public double Median => Percentile(50);

    public double P95 => Percentile(95);

    public double Min => sorted.Length == 0 ? double.NaN : sorted[0];

    public double Max => sorted.Length == 0 ? double.NaN : sorted[^1];

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string Describe(string unit = "ms") => string.Create(CultureInfo.InvariantCulture,
        $"median {Median:0.0} {unit}, p95 {P95:0.0} {unit} (n={Count})");
}
