using System.Collections.Concurrent;
using RollbackDrill.Sandbox;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Engine.Sandbox;

/// <summary>What to start: a name (also the kubeconfig context), a scenario file, a port and where to write the kubeconfig.</summary>
public sealed record SandboxStartRequest(string Name, string? ScenarioPath, int Port, string? KubeconfigPath, bool Force);

/// <summary>
/// Starts and stops in-process sandbox clusters. They live as long as the process (a PowerShell session) unless
/// stopped; the registry is process-wide so that Stop-DrillSandbox in another pipeline finds them.
/// </summary>
public static class SandboxService
{
    private static readonly ConcurrentDictionary<string, Running> Sandboxes = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<DrillSandbox> StartAsync(SandboxStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Sandboxes.ContainsKey(request.Name))
        {
            throw new DrillException(
                ErrorIds.SandboxStartFailed,
                DrillErrorKind.ResourceBusy,
                $"A sandbox named '{request.Name}' is already running. Stop it with Stop-DrillSandbox -Name {request.Name}, or start this one with another -Name.",
                request.Name);
        }

        Scenario? scenario = null;
        if (request.ScenarioPath is not null)
        {
            scenario = LoadScenario(request.ScenarioPath);
        }

        var ownsKubeconfig = request.KubeconfigPath is null;
        var kubeconfig = request.KubeconfigPath ?? Path.Combine(Directory.CreateTempSubdirectory("rollbackdrill-sandbox-").FullName, "kubeconfig");
        if (!ownsKubeconfig && File.Exists(kubeconfig) && !request.Force)
        {
            // Nothing a user owns is overwritten silently.
            throw new DrillException(
                ErrorIds.SandboxStartFailed,
                DrillErrorKind.ResourceBusy,
                $"The file '{kubeconfig}' already exists. Choose another -KubeconfigPath, or pass -Force to overwrite it.",
                kubeconfig);
        }

        var cluster = SandboxCluster.Create();
        try
        {
            var application = scenario?.ApplyTo(cluster);
            await cluster.StartAsync(request.Port, cancellationToken).ConfigureAwait(false);
            var defaultNamespace = scenario is { Namespaces.Count: > 0 } ? scenario.Namespaces[0] : null;
            cluster.WriteKubeconfig(kubeconfig, request.Name, defaultNamespace);
            var info = new DrillSandbox
            {
                Name = request.Name,
                Context = request.Name,
                Server = cluster.Address,
                Kubeconfig = Path.GetFullPath(kubeconfig),
                Scenario = request.ScenarioPath is null ? null : Path.GetFullPath(request.ScenarioPath),
                Namespaces = scenario?.Namespaces ?? [],
                Releases = scenario?.Releases.Select(r => $"{r.Namespace}/{r.Name}").ToList() ?? [],
                HealthUrls = application?.HealthUrls ?? new Dictionary<string, Uri>(),
                StartedAt = DateTimeOffset.UtcNow,
            };
            Sandboxes[request.Name] = new Running(cluster, info, ownsKubeconfig);
            return info;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.Net.HttpListenerException)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw new DrillException(
                ErrorIds.SandboxStartFailed,
                DrillErrorKind.InvalidOperation,
                $"The sandbox '{request.Name}' could not start: {ex.Message}" + (request.Port != 0 ? " Try another -Port, or omit it to pick a free one." : string.Empty),
                request.Name,
                ex);
        }
    }

    public static IReadOnlyList<DrillSandbox> List() => Sandboxes.Values.Select(r => r.Info).OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The running cluster of a sandbox, for tests and the fault-injection API.</summary>
    public static SandboxCluster? Cluster(string name) => Sandboxes.TryGetValue(name, out var r) ? r.Cluster : null;

    public static async Task<DrillSandbox> StopAsync(string name)
    {
        if (!Sandboxes.TryRemove(name, out var running))
        {
            var names = string.Join(", ", Sandboxes.Keys.Order(StringComparer.OrdinalIgnoreCase));
            throw new DrillException(
                ErrorIds.SandboxNotFound,
                DrillErrorKind.ObjectNotFound,
                $"No sandbox named '{name}' is running in this session." + (names.Length > 0 ? $" Running: {names}." : " None is running."),
                name);
        }

        await running.Cluster.DisposeAsync().ConfigureAwait(false);
        if (running.OwnsKubeconfig)
        {
            // The kubeconfig was ours (a temp folder); a user-chosen path is left in place.
            var dir = Path.GetDirectoryName(running.Info.Kubeconfig)!;
            File.Delete(running.Info.Kubeconfig);
            if (!Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }

        return running.Info;
    }

    private static Scenario LoadScenario(string path)
    {
        try
        {
            return ScenarioLoader.Load(path);
        }
        catch (ScenarioException ex)
        {
            var detail = ex.Errors.Count > 0 ? string.Join(Environment.NewLine, ex.Errors.Select(e => "  " + e)) : ex.Message;
            throw new DrillException(
                ErrorIds.SandboxScenarioInvalid,
                DrillErrorKind.InvalidData,
                $"The scenario file '{path}' is not valid:{Environment.NewLine}{detail}",
                path,
                ex)
            {
                RecommendedAction = "Fix the lines listed; examples/sandbox/videokit.yaml is a complete scenario to start from.",
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrillException(
                ErrorIds.SandboxScenarioInvalid,
                DrillErrorKind.ObjectNotFound,
                $"The scenario file '{path}' could not be read: {ex.Message}",
                path,
                ex)
            {
                RecommendedAction = "Check the path; examples/sandbox/videokit.yaml is a complete scenario to start from.",
            };
        }
    }

    private sealed record Running(SandboxCluster Cluster, DrillSandbox Info, bool OwnsKubeconfig);
}
