using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Connection;

namespace RollbackDrill.Completers;

/// <summary>What completers share: the connection from the parameters typed so far, and prefix matching.</summary>
internal static class CompleterConnection
{
    public static ClusterConnection Resolve(IDictionary? fakeBoundParameters) => ConnectionResolver.Resolve(ConnectionRequest.FromEnvironment(
        fakeBoundParameters?["Context"] as string,
        fakeBoundParameters?["Kubeconfig"] as string,
        fakeBoundParameters?["Namespace"] as string,
        false));

    public static List<CompletionResult> Matches(IEnumerable<string> names, string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return names
            .Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
            .ToList();
    }
}
