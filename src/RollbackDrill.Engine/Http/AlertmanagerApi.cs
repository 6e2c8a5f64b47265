using System.Text.Json;

namespace RollbackDrill.Engine.Http;

/// <summary>
/// Alertmanager API v2 adapter: GET /api/v2/alerts?active=true&amp;silenced=false&amp;inhibited=false lists the
/// alerts that notify now (status.state "active" or "unprocessed"); resolved alerts drop out of it.
/// </summary>
public sealed class AlertmanagerApi(IHttpProbeClient http)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> FiringAlertsAsync(Uri baseUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var url = ApiUrl.Join(baseUrl, "api/v2/alerts?active=true&silenced=false&inhibited=false");
        var response = await http.SendAsync(new HttpProbeRequest(url, "GET", NoHeaders, timeout, false), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != 200)
        {
            throw new ProbeFailureException($"{baseUrl} is not an Alertmanager v2 API (HTTP {response.StatusCode} for /api/v2/alerts)");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(response.Body);
        }
        catch (JsonException)
        {
            throw new ProbeFailureException($"{baseUrl} is not an Alertmanager v2 API (the answer is not JSON)");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ProbeFailureException($"{baseUrl} is not an Alertmanager v2 API (expected a JSON array of alerts)");
            }

            var list = new List<IReadOnlyDictionary<string, string>>();
            foreach (var alert in doc.RootElement.EnumerateArray())
            {
                // States: unprocessed (just received), active, suppressed (silenced/inhibited, filtered out above).
                var state = alert.TryGetProperty("status", out var s) && s.TryGetProperty("state", out var st) ? st.GetString() : "active";
                if (state != "suppressed")
                {
                    list.Add(AlertLabels.Read(alert));
                }
            }

            return list;
        }
    }
}
