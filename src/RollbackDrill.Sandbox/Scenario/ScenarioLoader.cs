namespace RollbackDrill.Sandbox.Scenario;

/// <summary>Loads scenario files (YAML, apiVersion sandbox.rollbackdrill.io/v1, kind Scenario).</summary>
public static class ScenarioLoader
{
    /// <exception cref="ScenarioException">The file is malformed: every problem with file, line, column.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static Scenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = File.ReadAllText(path);
        return ScenarioParser.Parse(text, path);
    }

    /// <summary>Parses scenario text; <paramref name="fileName"/> names it in errors.</summary>
    public static Scenario Parse(string text, string fileName = "<scenario>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return ScenarioParser.Parse(text, fileName);
    }
}
