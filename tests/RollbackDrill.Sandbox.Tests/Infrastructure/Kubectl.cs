using System.Diagnostics;

namespace RollbackDrill.Sandbox.Tests.Infrastructure;

/// <summary>Finds and runs the real kubectl (KUBECTL env var, else PATH).</summary>
public static class Kubectl
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The kubectl executable, or null when there is none.</summary>
    public static string? Path => Found.Value;

    /// <summary>True when tests must fail instead of skipping (CI=true).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason => "kubectl not found (set KUBECTL or put kubectl on PATH); set CI=true to make this a failure";

    /// <summary>Runs kubectl with the given kubeconfig and arguments.</summary>
    public static async Task<KubectlResult> RunAsync(string kubeconfig, params string[] args) =>
        await RunAsync(kubeconfig, TimeSpan.FromSeconds(30), args);

    public static async Task<KubectlResult> RunAsync(string kubeconfig, TimeSpan timeout, params string[] args)
    {
        var exe = Path ?? throw new InvalidOperationException("kubectl is required for this test and was not found (KUBECTL env var or PATH); CI=true makes this a failure.");
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(kubeconfig);
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(kubeconfig)!, "kube-cache"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("KUBECONFIG");
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        return new KubectlResult(timedOut ? -1 : p.ExitCode, await stdout, await stderr, sw.Elapsed, timedOut);
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("KUBECTL");
        if (!string.IsNullOrEmpty(env) && File.Exists(env))
        {
            return env;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1}s{(TimedOut ? " (killed)" : "")}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>A test that runs the real kubectl: skipped without kubectl, but run (and failing) when CI=true.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null && !Kubectl.IsCi)
        {
            Skip = Kubectl.SkipReason;
        }
    }
}
