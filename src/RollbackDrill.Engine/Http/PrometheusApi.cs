using System.Globalization;
using System.Text.Json;

namespace RollbackDrill.Engine.Http;

/// <summary>
/// Prometheus HTTP API adapter: instant queries (GET /api/v1/query) and alerts (GET /api/v1/alerts).
/// Prometheus answers errors with {"status":"error","errorType":...,"error":...}; a bad_data answer (400) means
/// the query itself is invalid and is reported with Prometheus's own text as a permanent failure.
/// </summary>
public sealed class PrometheusApi(IHttpProbeClient http)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>The query's single value now; null when it returns no series.</summary>
    public async Task<double?> QueryValueAsync(Uri baseUrl, string query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(query);
        var url = ApiUrl.Join(baseUrl, "api/v1/query?query=" + Uri.EscapeDataString(query));
        var response = await http.SendAsync(new HttpProbeRequest(url, "GET", NoHeaders, timeout, false), cancellationToken).ConfigureAwait(false);
        using var doc = Parse(response, baseUrl);
        var data = doc.RootElement.GetProperty("data");
        return ReadValue(data);
    }

    /// <summary>Alerts Prometheus reports as firing (state "firing"; "pending" alerts have not fired yet).</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> FiringAlertsAsync(Uri baseUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var url = ApiUrl.Join(baseUrl, "api/v1/alerts");
        var response = await http.SendAsync(new HttpProbeRequest(url, "GET", NoHeaders, timeout, false), cancellationToken).ConfigureAwait(false);
        using var doc = Parse(response, baseUrl);
        var list = new List<IReadOnlyDictionary<string, string>>();
        foreach (var alert in doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray())
        {
            if (alert.TryGetProperty("state", out var state) && state.GetString() == "firing")
            {
                list.Add(AlertLabels.Read(alert));
            }
        }

        return list;
    }

    /// <summary>Reads a vector (exactly one series) or scalar result; Prometheus sends sample values as strings.</summary>
    internal static double? ReadValue(JsonElement data)
    {
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        switch (type)
        {
            case "scalar":
                return ParseSample(result[1].GetString());
            case "vector":
                var count = result.GetArrayLength();
                if (count == 0)
                {
                    return null;
                }

                if (count > 1)
                {
                    throw new ProbeFailureException($"the query returned {count} series; a probe needs one value: aggregate it (e.g. sum(...) or max(...))", permanent: true);
                }

                return ParseSample(result[0].GetProperty("value")[1].GetString());
            default:
                throw new ProbeFailureException($"the query returned a {type}; a probe needs an instant vector or scalar", permanent: true);
        }
    }

    private static double ParseSample(string? text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static JsonDocument Parse(HttpProbeResponse response, Uri baseUrl)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(response.Body);
        }
        catch (JsonException)
        {
            throw new ProbeFailureException($"{baseUrl} is not a Prometheus API (HTTP {response.StatusCode}, not JSON)", permanent: response.StatusCode == 404);
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status))
        {
            doc.Dispose();
            throw new ProbeFailureException($"{baseUrl} is not a Prometheus API (HTTP {response.StatusCode})", permanent: response.StatusCode == 404);
        }

        if (status.GetString() != "success")
        {
            var errorType = root.TryGetProperty("errorType", out var et) ? et.GetString() : null;
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
            doc.Dispose();
            throw new ProbeFailureException(
                $"Prometheus rejected the query (HTTP {response.StatusCode}, {errorType}): {error}",
                permanent: errorType == "bad_data");
        }

        return doc;
    }
}
