using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// helm rollback against the sandbox cluster, with no helm installed: POST /sandbox/v1/helm/rollback on the
/// sandbox's API server, which emulates helm's rollback step for step. The transcript shows the Helm 3 command line
/// it stands for. Only for the sandbox: a real API server answers 404 and the rollback fails without any change.
/// </summary>
public sealed class SandboxHelmExecutor : IHelmExecutor, IDisposable
{
    public const string RollbackPath = "sandbox/v1/helm/rollback";
    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly TimeProvider time;

    public SandboxHelmExecutor(Uri server, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var baseUri = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        endpoint = new Uri(baseUri, RollbackPath);
        http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        this.time = time ?? TimeProvider.System;
    }

    public string Description => $"sandbox ({endpoint.GetLeftPart(UriPartial.Authority)})";

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<string> ArgumentsFor(HelmInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return invocation.Arguments(HelmMajor.V3);
    }

    public async Task<HelmExecution> RollbackAsync(HelmInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var args = ArgumentsFor(invocation);
        var started = time.GetUtcNow();
        var body = new JsonObject
        {
            ["namespace"] = invocation.Namespace,
            ["release"] = invocation.Release,
            ["revision"] = invocation.Revision,
            ["wait"] = invocation.Wait && invocation.WaitStrategy != HelmWaitStrategy.HookOnly,
            ["timeoutSeconds"] = Math.Ceiling((invocation.Timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds),
            ["force"] = invocation.ForceReplace,
            ["cleanupOnFail"] = invocation.CleanupOnFail,
            ["noHooks"] = invocation.NoHooks,
            ["driver"] = invocation.Driver == HelmStorageDriver.ConfigMap ? "configmap" : "secret",
        };
        var commandLine = HelmCommandLine.ToDisplayString("helm", args) + "   # sandbox: POST /" + RollbackPath;
        try
        {
            using var response = await http.PostAsJsonAsync(endpoint, body, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not the sandbox: reported below with the status code.
            }

            if (response.IsSuccessStatusCode && json is JsonObject ok)
            {
                // helm rollback prints this on success (cmd/helm/rollback.go).
                return Done(0, "Rollback was a success! Happy Helming!\n", string.Empty, ok["killed"]?.GetValue<bool>() ?? false);
            }

            var error = json is JsonObject e && e["error"] is { } msg
                ? msg.GetValue<string>()
                : string.Create(CultureInfo.InvariantCulture, $"the server answered {(int)response.StatusCode} on /{RollbackPath}: it is not the RollbackDrill sandbox");
            return Done(1, string.Empty, "Error: " + error + "\n", false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Done(-1, string.Empty, string.Empty, true);
        }
        catch (HttpRequestException ex)
        {
            return Done(1, string.Empty, "Error: " + ex.Message + "\n", false);
        }

        HelmExecution Done(int exit, string stdout, string stderr, bool killed) => new()
        {
            CommandLine = commandLine,
            Arguments = args,
            ExitCode = exit,
            Stdout = stdout,
            Stderr = stderr,
            StartedAt = started,
            EndedAt = time.GetUtcNow(),
            Killed = killed,
        };
    }

    public void Dispose() => http.Dispose();
}
