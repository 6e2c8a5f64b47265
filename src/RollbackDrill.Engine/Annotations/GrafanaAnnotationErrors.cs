using System.Globalization;
using System.Net;
using System.Text.Json;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Engine.Annotations;

/// <summary>Small pure rules for Grafana's answers: the warning for a status, the id of an added annotation, scrubbing the token.</summary>
internal static class GrafanaAnnotationErrors
{
    private const int MaxBody = 200;

    public static string Status(HttpStatusCode status, string tokenVariable, string body)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"Grafana answered {(int)status} {status}");
        return status switch
        {
            HttpStatusCode.Unauthorized => $"{code}: the token in the environment variable '{tokenVariable}' was not accepted",
            HttpStatusCode.Forbidden => $"{code}: the token in '{tokenVariable}' may not write annotations (it needs the annotations:write permission)",
            HttpStatusCode.NotFound => $"{code}: no annotation API at this URL (is it Grafana's base URL?)",
            _ => code + Snippet(body),
        };
    }

    /// <summary>The id in Grafana's answer to POST /api/annotations: {"message":"Annotation added","id":1}.</summary>
    public static long? ReadId(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("id", out var id)
                && id.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Masks the token wherever it appears, then anything else secret-looking (URL credentials, bearer values).</summary>
    public static string Scrub(string text, string? token)
    {
        var s = token is { Length: > 0 } t ? text.Replace(t, ReportRedactor.Mask, StringComparison.Ordinal) : text;
        return ReportRedactor.Text(s);
    }

    private static string Snippet(string body)
    {
        var oneLine = ReportText.OneLine(body);
        if (oneLine.Length == 0)
        {
            return string.Empty;
        }

        return ": " + (oneLine.Length > MaxBody ? oneLine[..MaxBody] + "…" : oneLine);
    }
}
