using System.Diagnostics;
using System.Text;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// Runs the user's helm: found at -HelmPath or on PATH, its major version detected with `helm version --short`,
/// the flags mapped for Helm 3 or 4 (<see cref="HelmCommandLine"/>), the arguments passed as an array (never a
/// shell string), HELM_DRIVER set to the storage driver read, and the process tree killed on cancellation.
/// </summary>
public sealed class HelmProcessExecutor : IHelmExecutor
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(20);
    private readonly string? requestedPath;
    private readonly TimeProvider time;
    private string? path;
    private HelmVersion? version;

    public HelmProcessExecutor(string? helmPath, TimeProvider? time = null)
    {
        requestedPath = helmPath;
        this.time = time ?? TimeProvider.System;
    }

    private const string HelmPathAdvice = "Pass -HelmPath with the path of a Helm 3 or Helm 4 executable, or use -Executor Sandbox against the sandbox.";

    public string Description => version is null ? "helm" : $"helm {version} ({path})";

    public HelmVersion? Version => version;

    public HelmMajor Major => version?.SupportedMajor ?? throw new InvalidOperationException("Call InitializeAsync first.");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (version is not null)
        {
            return;
        }

        path = Resolve(requestedPath, Environment.GetEnvironmentVariable("PATH"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VersionTimeout);
        var run = await RunAsync(path, HelmCommandLine.VersionShort(), null, timeout.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!run.Succeeded || !HelmVersion.TryParse(run.Stdout, out var parsed))
        {
            throw new DrillException(ErrorIds.HelmVersionUnsupported, DrillErrorKind.InvalidOperation,
                $"'{path} version --short' did not print a Helm version (exit code {run.ExitCode}{(run.Killed ? ", timed out" : string.Empty)}): {FirstLine(run.Stdout + run.Stderr)}",
                path)
            {
                RecommendedAction = HelmPathAdvice,
            };
        }

        if (parsed.SupportedMajor is null)
        {
            throw new DrillException(ErrorIds.HelmVersionUnsupported, DrillErrorKind.InvalidOperation,
                $"{path} is Helm {parsed}: RollbackDrill drives Helm 3 and Helm 4 only.", path)
            {
                RecommendedAction = HelmPathAdvice,
            };
        }

        version = parsed;
    }

    public IReadOnlyList<string> ArgumentsFor(HelmInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return invocation.Arguments(Major);
    }

    public Task<HelmExecution> RollbackAsync(HelmInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var exe = path ?? throw new InvalidOperationException("Call InitializeAsync first.");
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // helm reads its storage driver from HELM_DRIVER only: set it to the driver the plan was read from.
            ["HELM_DRIVER"] = invocation.Driver == HelmStorageDriver.ConfigMap ? "configmap" : "secret",
        };
        if (invocation.Connection.KubeconfigList is { } list)
        {
            env["KUBECONFIG"] = list;
        }

        return RunAsync(exe, ArgumentsFor(invocation), env, cancellationToken);
    }

    /// <summary>-HelmPath when given (must exist), else the first "helm" on PATH.</summary>
    public static string Resolve(string? helmPath, string? searchPath)
    {
        if (!string.IsNullOrEmpty(helmPath))
        {
            if (File.Exists(helmPath))
            {
                return Path.GetFullPath(helmPath);
            }

            throw new DrillException(ErrorIds.HelmNotFound, DrillErrorKind.ObjectNotFound, $"No helm executable at '{helmPath}'.", helmPath)
            {
                RecommendedAction = HelmPathAdvice,
            };
        }

        var names = OperatingSystem.IsWindows() ? new[] { "helm.exe", "helm" } : ["helm"];
        foreach (var dir in (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DrillException(ErrorIds.HelmNotFound, DrillErrorKind.ObjectNotFound,
            "helm was not found on PATH. Pass -HelmPath, or use -Executor Sandbox against the sandbox.", "helm")
        {
            RecommendedAction = "Install helm 3 or 4, or pass -HelmPath.",
        };
    }

    private async Task<HelmExecution> RunAsync(string exe, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var commandLine = HelmCommandLine.ToDisplayString(exe, args);
        var started = time.GetUtcNow();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DrillException(ErrorIds.HelmNotFound, DrillErrorKind.ObjectNotFound, $"Could not start {exe}: {ex.Message}", exe, ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var killed = false;
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Output read below is whatever arrived.
            }
        }

        var output = await ReadOrEmpty(stdout).ConfigureAwait(false);
        var errors = await ReadOrEmpty(stderr).ConfigureAwait(false);
        return new HelmExecution
        {
            CommandLine = commandLine,
            Arguments = args,
            ExitCode = process.HasExited ? process.ExitCode : -1,
            Stdout = output,
            Stderr = errors,
            StartedAt = started,
            EndedAt = time.GetUtcNow(),
            Killed = killed,
        };
    }

    private static async Task<string> ReadOrEmpty(Task<string> read)
    {
        var done = await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(300))).ConfigureAwait(false);
        return done == read ? await read.ConfigureAwait(false) : string.Empty;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
        return line.Length > 200 ? line[..200] : line;
    }
}
