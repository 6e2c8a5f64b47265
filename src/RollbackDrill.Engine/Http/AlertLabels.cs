using System.Text.Json;

namespace RollbackDrill.Engine.Http;

/// <summary>Label sets of alerts, and the "matches every given label" rule.</summary>
internal static class AlertLabels
{
    public static IReadOnlyDictionary<string, string> Read(JsonElement alert)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (alert.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in l.EnumerateObject())
            {
                labels[p.Name] = p.Value.GetString() ?? string.Empty;
            }
        }

        return labels;
    }

    /// <summary>Alertmanager equality matchers (label="value"): every matcher must equal the alert's label.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> matchers) =>
        matchers.All(m => labels.TryGetValue(m.Key, out var v) ? v == m.Value : m.Value.Length == 0);
}
