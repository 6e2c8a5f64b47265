namespace RollbackDrill;

/// <summary>A recovery probe as in Measure-RecoveryTime; only the properties of its <see cref="Kind"/> are set.</summary>
public sealed record DrillProbe
{
    public required string Name { get; init; }

    public required DrillProbeKind Kind { get; init; }

    /// <summary>The objective tier the probe measures; null means every tier.</summary>
    public string? Tier { get; init; }

    /// <summary>Http: the URL; Prometheus: the Prometheus base URL; Alerts: the Alertmanager or Prometheus URL.</summary>
    public Uri? Url { get; init; }

    public string Method { get; init; } = "GET";

    /// <summary>Http: accepted status codes or ranges such as "200" or "2xx"; empty means 2xx.</summary>
    public IReadOnlyList<string> ExpectedStatus { get; init; } = [];

    public string? BodyContains { get; init; }

    public string? JsonPath { get; init; }

    public string? JsonValue { get; init; }

    /// <summary>Header names only: header values are read from environment variables named in the file, never stored.</summary>
    public IReadOnlyDictionary<string, string> HeaderFromEnvironment { get; init; } = new Dictionary<string, string>();

    public bool SkipCertificateCheck { get; init; }

    /// <summary>Tcp: host:port.</summary>
    public string? Address { get; init; }

    /// <summary>Prometheus: the PromQL query.</summary>
    public string? Query { get; init; }

    public double? Threshold { get; init; }

    public double? TolerancePercent { get; init; }

    /// <summary>Prometheus: a ProbeComparison name (LessThanOrEqual, WithinTolerance...) as text; checked against known names.</summary>
    public string? Comparison { get; init; }

    /// <summary>Alerts: label matchers; the probe passes when no matching alert fires.</summary>
    public IReadOnlyDictionary<string, string> AlertMatchers { get; init; } = new Dictionary<string, string>();

    public TimeSpan? Interval { get; init; }

    public override string ToString() => $"{Name} ({Kind})";
}
