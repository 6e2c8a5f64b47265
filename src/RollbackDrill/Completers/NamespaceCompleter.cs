using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RollbackDrill.Engine.Cluster;

namespace RollbackDrill.Completers;

/// <summary>Completes -Namespace from the cluster's namespaces, with a short deadline. Never throws.</summary>
public sealed class NamespaceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            return CompleterConnection.Matches(ClusterCompletion.Namespaces(CompleterConnection.Resolve(fakeBoundParameters)), wordToComplete);
        }
#pragma warning disable CA1031 // A completer must never throw into the user's prompt.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
