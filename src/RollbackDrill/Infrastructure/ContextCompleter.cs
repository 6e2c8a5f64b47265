using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RollbackDrill.Engine.Connection;

namespace RollbackDrill.Infrastructure;

/// <summary>Completes -Context from the kubeconfig in use. Never throws: a completer that fails offers nothing.</summary>
public sealed class ContextCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var kubeconfig = fakeBoundParameters?["Kubeconfig"] as string;
            var names = KubeconfigContexts.List(ConnectionRequest.FromEnvironment(null, kubeconfig, null, false));
            return names
                .Where(n => n.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
                .ToList();
        }
#pragma warning disable CA1031 // A completer must never throw into the user's prompt.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
