namespace RollbackDrill.Engine.Annotations;

/// <summary>
/// Where and how to annotate a drill window in Grafana. The token is never a value here: only the name of the
/// environment variable that holds it (a Grafana service account token), read at each call.
/// </summary>
public sealed record GrafanaAnnotationOptions
{
    /// <summary>Grafana's base URL, e.g. https://grafana.example.com or https://host/grafana (a path prefix is kept).</summary>
    public required Uri Url { get; init; }

    /// <summary>The name of the environment variable holding the token, e.g. GRAFANA_TOKEN.</summary>
    public required string TokenVariable { get; init; }

    /// <summary>Tags of the annotation; Grafana dashboards filter annotation queries by tag.</summary>
    public IReadOnlyList<string> Tags { get; init; } = ["rollback-drill"];

    /// <summary>Attach the annotation to this dashboard (its UID); null for an organisation-wide annotation.</summary>
    public string? DashboardUid { get; init; }

    /// <summary>Attach the annotation to this panel of the dashboard.</summary>
    public int? PanelId { get; init; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
