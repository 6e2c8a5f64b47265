using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>
/// Sandbox-only endpoint the helm stand-in calls for mutations: POST /sandbox/v1/helm/rollback with
/// {namespace, release, revision, wait, timeoutSeconds, maxHistory, force, recreatePods, cleanupOnFail,
/// noHooks, dryRun, driver, killAt}. Answers 200 {newRevision, targetRevision, status, killed} or
/// 422 {error} with helm's error text (the stand-in prints "Error: " + error).
/// </summary>
public static class HelmSandboxApi
{
    public const string PathPrefix = "/sandbox/v1/helm/";
    public const string RollbackPath = PathPrefix + "rollback";

    private static readonly ConditionalWeakTable<SandboxCluster, HelmRollbackEmulator> Registered = [];

    /// <summary>Registers the endpoint on the cluster (once); returns the cluster's emulator.</summary>
    public static HelmRollbackEmulator Register(SandboxCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Registered.GetValue(cluster, c =>
        {
            var emulator = new HelmRollbackEmulator(c.Store);
            c.AddHttpHandler(PathPrefix, ctx => HandleAsync(emulator, ctx));
            return emulator;
        });
    }

    private static async Task HandleAsync(HelmRollbackEmulator emulator, HttpListenerContext ctx)
    {
        var path = ctx.Request.Url?.AbsolutePath ?? "";
        if (path != RollbackPath)
        {
            await WriteAsync(ctx, 404, new JsonObject { ["error"] = $"unknown sandbox helm endpoint {path} (supported: POST {RollbackPath})" }).ConfigureAwait(false);
            return;
        }

        if (ctx.Request.HttpMethod != "POST")
        {
            await WriteAsync(ctx, 405, new JsonObject { ["error"] = $"{ctx.Request.HttpMethod} is not supported on {RollbackPath}; use POST" }).ConfigureAwait(false);
            return;
        }

        JsonObject body;
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            body = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false))?.AsObject() ?? [];
        }
        catch (JsonException ex)
        {
            await WriteAsync(ctx, 400, new JsonObject { ["error"] = "request body is not JSON: " + ex.Message }).ConfigureAwait(false);
            return;
        }

        var ns = body["namespace"]?.GetValue<string>() ?? "default";
        var release = body["release"]?.GetValue<string>() ?? "";
        var options = new HelmRollbackOptions
        {
            Wait = body["wait"]?.GetValue<bool>() ?? false,
            Timeout = TimeSpan.FromSeconds(body["timeoutSeconds"]?.GetValue<double>() ?? 300),
            MaxHistory = body["maxHistory"]?.GetValue<int>() ?? 10,
            Force = body["force"]?.GetValue<bool>() ?? false,
            RecreatePods = body["recreatePods"]?.GetValue<bool>() ?? false,
            CleanupOnFail = body["cleanupOnFail"]?.GetValue<bool>() ?? false,
            NoHooks = body["noHooks"]?.GetValue<bool>() ?? false,
            DryRun = body["dryRun"]?.GetValue<bool>() ?? false,
            Driver = body["driver"]?.GetValue<string>(),
            KillAt = Enum.TryParse<HelmRollbackKillPoint>(body["killAt"]?.GetValue<string>(), true, out var k) ? k : HelmRollbackKillPoint.None,
        };
        try
        {
            var r = await emulator.RollbackAsync(ns, release, body["revision"]?.GetValue<int>() ?? 0, options).ConfigureAwait(false);
            await WriteAsync(ctx, 200, new JsonObject
            {
                ["release"] = r.Release,
                ["namespace"] = r.Namespace,
                ["currentRevision"] = r.CurrentRevision,
                ["targetRevision"] = r.TargetRevision,
                ["newRevision"] = r.NewRevision,
                ["status"] = r.Status,
                ["description"] = r.Description,
                ["killed"] = r.Killed,
            }).ConfigureAwait(false);
        }
        catch (HelmCommandException ex)
        {
            await WriteAsync(ctx, 422, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpListenerContext ctx, int code, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        ctx.Response.Close();
    }
}
