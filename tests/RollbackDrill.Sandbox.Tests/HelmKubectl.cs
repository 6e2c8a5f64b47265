using System.Diagnostics;

namespace RollbackDrill.Sandbox.Tests;

/// <summary>The real kubectl for the Helm tests: $KUBECTL, else kubectl on PATH.</summary>
internal static class HelmKubectl
{
    public static string? Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } k && File.Exists(k))
            {
                return k;
            }

            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = System.IO.Path.Combine(dir, "kubectl");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var exe = Path ?? throw new InvalidOperationException("kubectl is required for this test (CI=true) but was not found: set KUBECTL or put kubectl on PATH");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A fact that needs the real kubectl: skipped with a message when it is missing locally, run (and so
/// failing) when CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class HelmKubectlFactAttribute : FactAttribute
{
    public HelmKubectlFactAttribute()
    {
        if (HelmKubectl.Path is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "kubectl not found (set KUBECTL or put it on PATH); with CI=true this test fails instead";
        }
    }
}
