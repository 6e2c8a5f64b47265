using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Engine.Annotations;

/// <summary>
/// Marks a drill window on Grafana dashboards through Grafana's HTTP annotations API: <see cref="StartAsync"/>
/// when the drill begins, <see cref="EndAsync"/> to stretch it into a region when it ends (or
/// <see cref="AddRegionAsync"/> afterwards, in one call). Every failure comes back as a warning text; the token
/// (read from the environment variable the options name) is sent only in the Authorization header and masked
/// out of every warning, and the annotation text goes through <see cref="ReportRedactor"/>.
/// </summary>
public sealed class GrafanaAnnotationClient : IDisposable
{
    private readonly GrafanaAnnotationOptions options;
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly Func<string, string?> environment;

    /// <param name="options">Grafana URL, token variable, tags, dashboard and panel.</param>
    /// <param name="httpClient">A shared client (not disposed here); null creates one.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own); defaults to the process environment.</param>
    public GrafanaAnnotationClient(GrafanaAnnotationOptions options, HttpClient? httpClient = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TokenVariable);
        this.options = options;
        ownsHttp = httpClient is null;
        http = httpClient ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        this.environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Adds the annotation at <paramref name="start"/> (time = timeEnd = start); returns its id for <see cref="EndAsync"/>.</summary>
    public Task<GrafanaAnnotationResult> StartAsync(DateTimeOffset start, string text, CancellationToken cancellationToken = default) =>
        AddRegionAsync(start, start, text, cancellationToken);

    /// <summary>Adds a region annotation from <paramref name="start"/> to <paramref name="end"/> in one call.</summary>
    public Task<GrafanaAnnotationResult> AddRegionAsync(DateTimeOffset start, DateTimeOffset end, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Grafana HTTP API, POST /api/annotations: {dashboardUID?, panelId?, time, timeEnd, tags, text} in epoch ms; answers {"message", "id"}.
        var body = new JsonObject();
        if (options.DashboardUid is { Length: > 0 } uid)
        {
            body["dashboardUID"] = uid;
        }

        if (options.PanelId is { } panel)
        {
            body["panelId"] = panel;
        }

        body["time"] = start.ToUnixTimeMilliseconds();
        body["timeEnd"] = end.ToUnixTimeMilliseconds();
        body["tags"] = new JsonArray(options.Tags.Select(t => (JsonNode?)JsonValue.Create(ReportRedactor.Text(t))).ToArray());
        body["text"] = ReportRedactor.Text(text);
        return SendAsync(HttpMethod.Post, "api/annotations", body, null, cancellationToken);
    }

    /// <summary>Sets the end of annotation <paramref name="id"/>, turning it into the drill's region; optionally replaces its text (e.g. with the verdict).</summary>
    public Task<GrafanaAnnotationResult> EndAsync(long id, DateTimeOffset end, string? text = null, CancellationToken cancellationToken = default)
    {
        // Grafana HTTP API, PATCH /api/annotations/:id: updates only the fields given (time, timeEnd, text, tags).
        var body = new JsonObject { ["timeEnd"] = end.ToUnixTimeMilliseconds() };
        if (text is not null)
        {
            body["text"] = ReportRedactor.Text(text);
        }

        return SendAsync(HttpMethod.Patch, "api/annotations/" + id.ToString(CultureInfo.InvariantCulture), body, id, cancellationToken);
    }

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    private async Task<GrafanaAnnotationResult> SendAsync(HttpMethod method, string path, JsonObject body, long? id, CancellationToken cancellationToken)
    {
        var token = environment(options.TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            return Warn($"the environment variable '{options.TokenVariable}' that should hold the Grafana token is not set", null);
        }

        var url = ApiUrl.Join(options.Url, path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(method, url)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Warn(GrafanaAnnotationErrors.Status(response.StatusCode, options.TokenVariable, answer), token);
            }

            return id is { } updated ? new GrafanaAnnotationResult { Id = updated }
                : GrafanaAnnotationErrors.ReadId(answer) is { } added ? new GrafanaAnnotationResult { Id = added }
                : Warn($"Grafana answered {(int)response.StatusCode} without an annotation id", token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Warn($"Grafana did not answer within {ReportText.Duration(options.Timeout)}", token);
        }
        catch (HttpRequestException ex)
        {
            return Warn("could not reach Grafana: " + ex.Message, token);
        }
    }

    private GrafanaAnnotationResult Warn(string reason, string? token) =>
        new() { Warning = GrafanaAnnotationErrors.Scrub($"Grafana annotation at {options.Url} failed: {reason}.", token) };
}
