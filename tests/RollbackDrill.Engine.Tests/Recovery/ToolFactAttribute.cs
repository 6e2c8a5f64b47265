using Xunit;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>
/// A fact that needs real executables (prometheus, prometheus-alertmanager). Skipped with a clear message when
/// one is missing locally; when CI=true it runs anyway, so a missing tool fails the build.
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => Which(t) is null).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{string.Join(", ", missing)} not installed (apt-get install -y prometheus prometheus-alertmanager); with CI=true this test fails instead.";
        }
    }

    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);
}
