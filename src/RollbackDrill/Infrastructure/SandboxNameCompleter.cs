using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RollbackDrill.Engine.Sandbox;

namespace RollbackDrill.Infrastructure;

/// <summary>Completes and resolves the names of the sandboxes running in this session.</summary>
public sealed class SandboxNameCompleter : IArgumentCompleter
{
    /// <summary>
    /// The running sandboxes matching the patterns (all when none are given); <paramref name="unmatched"/> gets the
    /// literal names (no wildcard) that matched nothing — a wildcard that matches nothing is not an error, as in Get-Process.
    /// </summary>
    public static List<string> Resolve(string[]? patterns, out List<string> unmatched)
    {
        var running = SandboxService.List().Select(s => s.Name).ToList();
        unmatched = [];
        if (patterns is null || patterns.Length == 0)
        {
            return running;
        }

        var result = new List<string>();
        foreach (var pattern in patterns)
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            var hits = running.Where(wildcard.IsMatch).ToList();
            if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                unmatched.Add(pattern);
            }

            result.AddRange(hits.Where(h => !result.Contains(h, StringComparer.OrdinalIgnoreCase)));
        }

        return result;
    }

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        SandboxService.List()
            .Where(s => s.Name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(s.Name, s.Name, CompletionResultType.ParameterValue, s.Server.ToString()));
}
