using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RollbackDrill.Completers;

/// <summary>Completes -Status with Helm's release statuses (pkg/release/common/status.go).</summary>
public sealed class HelmStatusCompleter : IArgumentCompleter
{
    private static readonly string[] Statuses =
    [
        "unknown", "deployed", "uninstalled", "superseded", "failed", "uninstalling", "pending-install", "pending-upgrade", "pending-rollback",
    ];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompleterConnection.Matches(Statuses, wordToComplete);
}
