using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

/// <summary>
/// A fact that runs the real kubectl. Skipped with a clear message when kubectl is missing locally; when the
/// environment variable CI is "true" it is never skipped, so a missing kubectl fails the test there.
/// </summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null && !Kubectl.IsCi)
        {
            Skip = "kubectl not found (set KUBECTL or install it at /usr/bin/kubectl); this test compares our rules with the real kubectl. It runs, and fails, when CI=true.";
        }
    }
}

/// <summary>Locates the real kubectl: $KUBECTL, else /usr/bin/kubectl, else the first kubectl on PATH.</summary>
internal static class Kubectl
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Path { get; } = Find();

    public static string Require() =>
        Path ?? throw new InvalidOperationException("kubectl was not found (CI=true, so this is a failure): set KUBECTL or install kubectl.");

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KUBECTL");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        if (File.Exists("/usr/bin/kubectl"))
        {
            return "/usr/bin/kubectl";
        }

        var exe = OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl";
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, exe))
            .FirstOrDefault(File.Exists);
    }
}
