namespace RollbackDrill;

/// <summary>Which API an alerts-cleared probe reads.</summary>
public enum AlertSource
{
    /// <summary>Alertmanager's GET /api/v2/alerts (active, not silenced, not inhibited).</summary>
    Alertmanager,

    /// <summary>Prometheus's GET /api/v1/alerts (state firing).</summary>
    Prometheus,
}
