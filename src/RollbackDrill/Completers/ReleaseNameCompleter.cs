using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Services;

namespace RollbackDrill.Completers;

/// <summary>
/// Completes -Name with the releases in the namespace being typed (-Namespace, else the context's), read from
/// Helm's storage with a short deadline. Never throws: a completer that fails offers nothing.
/// </summary>
public sealed class ReleaseNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var connection = CompleterConnection.Resolve(fakeBoundParameters);
            var driver = fakeBoundParameters?["StorageDriver"] is { } d && Enum.TryParse<HelmStorageDriver>(d.ToString(), true, out var parsed)
                ? parsed
                : ClusterReleaseReader.DriverFromEnvironment(Environment.GetEnvironmentVariable("HELM_DRIVER"));
            return CompleterConnection.Matches(ClusterCompletion.ReleaseNames(connection, fakeBoundParameters?["Namespace"] as string, driver), wordToComplete);
        }
#pragma warning disable CA1031 // A completer must never throw into the user's prompt.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
