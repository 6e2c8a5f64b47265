namespace RollbackDrill.Sandbox.Scenario;

/// <summary>A malformed scenario file: names the file, and every problem found with its line and column.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
        : this([])
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ScenarioError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<ScenarioError> errors)
    {
        if (errors.Count == 0)
        {
            return "The scenario is invalid.";
        }

        var head = errors.Count == 1
            ? $"Scenario file {errors[0].File} is invalid:"
            : $"Scenario file {errors[0].File} has {errors.Count} problems:";
        return head + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
