using k8s.Models;

namespace RollbackDrill.Engine.Workloads;

/// <summary>A LabelSelector as the query string the API takes (apimachinery metav1.LabelSelectorAsSelector).</summary>
public static class LabelSelectors
{
    public static string ToQuery(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (var (key, value) in (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parts.Add($"{key}={value}");
        }

        foreach (var e in selector.MatchExpressions ?? [])
        {
            var values = string.Join(",", (e.Values ?? []).Order(StringComparer.Ordinal));
            parts.Add(e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({values})",
                "NotIn" => $"{e.Key} notin ({values})",
                "Exists" => e.Key,
                "DoesNotExist" => "!" + e.Key,
                _ => throw new ArgumentException($"Unknown label selector operator '{e.OperatorProperty}'.", nameof(selector)),
            });
        }

        return string.Join(",", parts);
    }
}
