using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Http;

/// <summary>The Kubernetes REST API over the store: discovery, CRUD, patch, watch, subresources, Status errors.</summary>
internal sealed class ApiServer(SandboxCluster cluster)
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private static readonly AsyncLocal<RequestScope?> Scope = new();
    private readonly ResourceStore _store = cluster.Store;

    public int Port { get; set; }

    public async Task HandleAsync(HttpListenerContext ctx)
    {
        var req = ctx.Request;
        var method = req.HttpMethod.ToUpperInvariant();
        var path = req.Url?.AbsolutePath ?? "/";
        var status = 200;
        var aborted = false;
        var scope = new RequestScope(cluster.Log, method, path);
        Scope.Value = scope;
        try
        {
            var fault = cluster.Faults.Decide(method, path);
            if (fault is { CloseConnection: true })
            {
                // "Connection dropped": promise a body, send a fragment, then abort the connection, so the
                // client sees a response that ends prematurely (HttpListener exposes no socket to reset).
                aborted = true;
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentLength64 = 1024;
                await ctx.Response.OutputStream.WriteAsync("{\"kind\""u8.ToArray()).ConfigureAwait(false);
                await ctx.Response.OutputStream.FlushAsync().ConfigureAwait(false);
                ctx.Response.Abort();
                return;
            }

            if (cluster.Faults.AddedLatency > TimeSpan.Zero)
            {
                await Task.Delay(cluster.Faults.AddedLatency, cluster.Stopping).ConfigureAwait(false);
            }

            if (fault?.Error is { } injected)
            {
                throw injected;
            }

            status = await RouteAsync(ctx, method, path).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            status = ex.Code;
            await WriteStatusAsync(ctx.Response, ex).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            status = 400;
            await WriteStatusAsync(ctx.Response, ApiException.BadRequest("the body of the request was in an unknown format: " + ex.Message)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Client went away or the sandbox stops.
        }
#pragma warning disable CA1031 // A bug in one handler answers 500 InternalError like the API server, and the server keeps serving.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            status = 500;
            try
            {
                await WriteStatusAsync(ctx.Response, new ApiException(500, "InternalError", "Internal error occurred: " + ex.GetType().Name + ": " + ex.Message)).ConfigureAwait(false);
            }
            catch (Exception inner) when (inner is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
        finally
        {
            scope.LogOnce(aborted ? 0 : status);
            try
            {
                if (!aborted)
                {
                    ctx.Response.Close();
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
            {
            }
        }
    }

    private async Task<int> RouteAsync(HttpListenerContext ctx, string method, string path)
    {
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        switch (segs)
        {
            case ["version"]:
                return await GetOnly(ctx, method, Discovery.Version(cluster.Options.KubernetesVersion)).ConfigureAwait(false);
            case ["api"]:
                return await GetOnly(ctx, method, Discovery.ApiVersions(Port)).ConfigureAwait(false);
            case ["apis"]:
                return await GetOnly(ctx, method, Discovery.ApiGroupList()).ConfigureAwait(false);
            case ["apis", "apps"]:
                return await GetOnly(ctx, method, Discovery.AppsGroup()).ConfigureAwait(false);
            case ["api", "v1"]:
                return await GetOnly(ctx, method, Discovery.ResourceList("", "v1")).ConfigureAwait(false);
            case ["apis", "apps", "v1"]:
                return await GetOnly(ctx, method, Discovery.ResourceList("apps", "v1")).ConfigureAwait(false);
            case ["openapi", "v3"]:
                return await GetOnly(ctx, method, OpenApi.Index()).ConfigureAwait(false);
            case ["openapi", "v3", "api", var v]:
                return await GetOnly(ctx, method, OpenApi.GroupVersion("", v) ?? throw NotFoundPath()).ConfigureAwait(false);
            case ["openapi", "v3", "apis", var g, var v]:
                return await GetOnly(ctx, method, OpenApi.GroupVersion(g, v) ?? throw NotFoundPath()).ConfigureAwait(false);
            case ["healthz"] or ["readyz"] or ["livez"]:
                await WriteTextAsync(ctx.Response, 200, "ok").ConfigureAwait(false);
                return 200;
        }

        string group;
        string version;
        string[] rest;
        if (segs.Length >= 2 && segs[0] == "api" && segs[1] == "v1")
        {
            (group, version, rest) = ("", "v1", segs[2..]);
        }
        else if (segs.Length >= 3 && segs[0] == "apis")
        {
            (group, version, rest) = (segs[1], segs[2], segs[3..]);
        }
        else
        {
            throw NotFoundPath();
        }

        // /namespaces/{ns}/{resource}[/{name}[/{sub}]] or /{resource}[/{name}[/{sub}]]
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3)
        {
            throw NotFoundPath();
        }

        var type = ResourceTypes.Find(group, version, rest[0]) ?? throw NotFoundPath();
        if (ns is not null && !type.Namespaced)
        {
            throw NotFoundPath();
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        if (sub is not null && !(sub == "status" && type.HasStatus) && !(sub == "scale" && type.HasScale))
        {
            throw NotFoundPath();
        }

        var query = ctx.Request.QueryString;
        var dryRun = query["dryRun"] is { Length: > 0 };
        if (dryRun)
        {
            throw new ApiException(501, "NotImplemented", "dryRun is not supported by the sandbox API server");
        }

        if (name is null)
        {
            return method switch
            {
                "GET" when IsTrue(query["watch"]) => await WatchAsync(ctx, type, ns).ConfigureAwait(false),
                "GET" => await ListAsync(ctx, type, ns).ConfigureAwait(false),
                "POST" => await CreateAsync(ctx, type, ns).ConfigureAwait(false),
                "DELETE" => await DeleteCollectionAsync(ctx, type, ns).ConfigureAwait(false),
                _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.GroupResource} collection)"),
            };
        }

        if (type.Namespaced && ns is null)
        {
            throw NotFoundPath();
        }

        if (sub == "scale")
        {
            return await ScaleAsync(ctx, method, type, ns, name).ConfigureAwait(false);
        }

        return method switch
        {
            "GET" when IsTrue(query["watch"]) => throw ApiException.MethodNotAllowed("watch of a single object by name is not supported; use a fieldSelector metadata.name=NAME on the collection"),
            "GET" => await GetAsync(ctx, type, ns, name).ConfigureAwait(false),
            "PUT" => await UpdateAsync(ctx, type, ns, name, sub == "status").ConfigureAwait(false),
            "PATCH" => await PatchAsync(ctx, type, ns, name, sub == "status").ConfigureAwait(false),
            "DELETE" when sub is null => await DeleteAsync(ctx, type, ns, name).ConfigureAwait(false),
            _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.GroupResource}{(sub is null ? "" : "/" + sub)})"),
        };
    }

    private async Task<int> GetAsync(HttpListenerContext ctx, ResourceType type, string? ns, string name)
    {
        var obj = _store.Get(type.Resource, ns, name) ?? throw ApiException.NotFound(type, name);
        if (Tables.Wanted(ctx.Request))
        {
            await WriteJsonAsync(ctx.Response, 200, Tables.Render(type, [obj], IncludeObject(ctx), obj["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "")).ConfigureAwait(false);
        }
        else
        {
            await WriteJsonAsync(ctx.Response, 200, obj).ConfigureAwait(false);
        }

        return 200;
    }

    private async Task<int> ListAsync(HttpListenerContext ctx, ResourceType type, string? ns)
    {
        var q = ctx.Request.QueryString;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"], type);
        var entries = _store.ListEntries(type.Resource, ns, labels, fields, out var rv);
        var rvText = rv.ToString(CultureInfo.InvariantCulture);
        var (page, continueToken, remaining) = Paginate(type, entries, q["limit"], q["continue"]);
        entries = page;
        if (Tables.Wanted(ctx.Request))
        {
            var objs = entries.Select(e => e.Object).ToList();
            var table = Tables.Render(type, objs, IncludeObject(ctx), rvText);
            if (continueToken is not null)
            {
                table["metadata"]!["continue"] = continueToken;
                table["metadata"]!["remainingItemCount"] = remaining;
            }

            await WriteJsonAsync(ctx.Response, 200, table).ConfigureAwait(false);
            return 200;
        }

        // List without re-serialising: the stored UTF-8 of each item is written as is.
        var resp = ctx.Response;
        resp.StatusCode = 200;
        resp.ContentType = "application/json";
        using var ms = new MemoryStream(entries.Sum(e => e.Utf8.Length + 1) + 256);
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("kind", type.Kind + "List");
            w.WriteString("apiVersion", type.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", rvText);
            if (continueToken is not null)
            {
                w.WriteString("continue", continueToken);
                w.WriteNumber("remainingItemCount", remaining);
            }

            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var e in entries)
            {
                w.WriteRawValue(e.Utf8, skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        resp.ContentLength64 = ms.Length;
        ms.Position = 0;
        Scope.Value?.LogOnce(200);
        await ms.CopyToAsync(resp.OutputStream).ConfigureAwait(false);
        return 200;
    }

    // API server chunking (limit/continue): items in key order; the continue token names the last key returned.
    private static (List<ResourceStore.Entry> Page, string? Continue, long Remaining) Paginate(ResourceType type, List<ResourceStore.Entry> entries, string? limitText, string? continueText)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(continueText))
        {
            string lastKey;
            try
            {
                lastKey = Encoding.UTF8.GetString(Convert.FromBase64String(continueText));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
            }

            start = entries.FindIndex(e => string.CompareOrdinal(KeyOf(type, e), lastKey) > 0);
            if (start < 0)
            {
                start = entries.Count;
            }
        }

        var limit = long.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : long.MaxValue;
        var available = entries.Count - start;
        if (available <= limit)
        {
            return (start == 0 ? entries : entries.GetRange(start, available), null, 0);
        }

        var page = entries.GetRange(start, (int)limit);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyOf(type, page[^1])));
        return (page, token, available - limit);
    }

    private static string KeyOf(ResourceType type, ResourceStore.Entry e) =>
        ResourceStore.Key(type, e.Object["metadata"]?["namespace"]?.GetValue<string>(), e.Object["metadata"]?["name"]?.GetValue<string>() ?? "");

    private async Task<int> CreateAsync(HttpListenerContext ctx, ResourceType type, string? ns)
    {
        var body = await ReadObjectAsync(ctx.Request).ConfigureAwait(false);
        CheckKind(type, body);
        if (ns is not null && type != ResourceTypes.Namespaces && _store.Get("namespaces", null, ns) is null)
        {
            // API server (NamespaceLifecycle admission): creating in a missing namespace is NotFound.
            throw new ApiException(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }

        var created = _store.Create(type.Resource, ns, body);
        await WriteJsonAsync(ctx.Response, 201, created).ConfigureAwait(false);
        return 201;
    }

    private async Task<int> UpdateAsync(HttpListenerContext ctx, ResourceType type, string? ns, string name, bool status)
    {
        var body = await ReadObjectAsync(ctx.Request).ConfigureAwait(false);
        CheckKind(type, body);
        var bodyName = body["metadata"]?["name"]?.GetValue<string>();
        if (bodyName is not null && bodyName != name)
        {
            throw ApiException.BadRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }

        if (cluster.Faults.TakeForcedConflict())
        {
            throw ApiException.Conflict(type, name);
        }

        var meta = body["metadata"] as JsonObject ?? [];
        body["metadata"] = meta;
        meta["name"] = name;
        var updated = status ? _store.UpdateStatus(type.Resource, ns, body) : _store.Update(type.Resource, ns, body);
        await WriteJsonAsync(ctx.Response, 200, updated).ConfigureAwait(false);
        return 200;
    }

    private async Task<int> PatchAsync(HttpListenerContext ctx, ResourceType type, string? ns, string name, bool status)
    {
        var contentType = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
        var patchText = await ReadBodyAsync(ctx.Request).ConfigureAwait(false);
        if (cluster.Faults.TakeForcedConflict())
        {
            throw ApiException.Conflict(type, name);
        }

        // Like the API server, retry the read-modify-write when a concurrent writer (a controller) got in between,
        // unless the patch itself carries a resourceVersion precondition.
        for (var attempt = 0; ; attempt++)
        {
            var current = _store.Get(type.Resource, ns, name) ?? throw ApiException.NotFound(type, name);
            var currentRv = current["metadata"]?["resourceVersion"]?.GetValue<string>();
            var patched = Patches.Apply(contentType, current, patchText, type);
            var meta = patched["metadata"] as JsonObject ?? [];
            patched["metadata"] = meta;
            var patchRv = meta["resourceVersion"]?.GetValue<string>();
            var preconditioned = patchRv is not null && patchRv != currentRv;
            if (!preconditioned)
            {
                meta["resourceVersion"] = currentRv;
            }

            meta["name"] = name;
            try
            {
                var updated = status ? _store.UpdateStatus(type.Resource, ns, patched) : _store.Update(type.Resource, ns, patched);
                await WriteJsonAsync(ctx.Response, 200, updated).ConfigureAwait(false);
                return 200;
            }
            catch (ApiException ex) when (ex.Code == 409 && ex.Reason == "Conflict" && !preconditioned && attempt < 5)
            {
            }
        }
    }

    private async Task<int> DeleteAsync(HttpListenerContext ctx, ResourceType type, string? ns, string name)
    {
        var orphan = false;
        if (ctx.Request.HasEntityBody)
        {
            var text = await ReadBodyAsync(ctx.Request).ConfigureAwait(false);
            if (text.Length > 0 && JsonNode.Parse(text) is JsonObject opts)
            {
                orphan = opts["propagationPolicy"]?.GetValue<string>() == "Orphan" || opts["orphanDependents"]?.GetValue<bool>() == true;
                if (opts["preconditions"]?["resourceVersion"]?.GetValue<string>() is { } prv &&
                    _store.Get(type.Resource, ns, name) is { } cur && cur["metadata"]?["resourceVersion"]?.GetValue<string>() != prv)
                {
                    throw ApiException.Conflict(type, name);
                }
            }
        }

        if (ctx.Request.QueryString["propagationPolicy"] == "Orphan")
        {
            orphan = true;
        }

        var deleted = _store.DeleteObject(type.Resource, ns, name, orphan) ?? throw ApiException.NotFound(type, name);

        // API server: an object deleted immediately answers a Success Status with its details.
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Resource;
        details["uid"] = deleted["metadata"]?["uid"]?.DeepClone();
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
        await WriteJsonAsync(ctx.Response, 200, body).ConfigureAwait(false);
        return 200;
    }

    private async Task<int> DeleteCollectionAsync(HttpListenerContext ctx, ResourceType type, string? ns)
    {
        var q = ctx.Request.QueryString;
        var entries = _store.ListEntries(type.Resource, ns, LabelSelector.Parse(q["labelSelector"]), FieldSelector.Parse(q["fieldSelector"], type), out _);
        var items = new JsonArray();
        foreach (var e in entries)
        {
            var m = e.Object["metadata"]!;
            if (_store.DeleteObject(type.Resource, m["namespace"]?.GetValue<string>(), m["name"]!.GetValue<string>()) is { } d)
            {
                items.Add(d);
            }
        }

        var list = new JsonObject
        {
            ["kind"] = type.Kind + "List",
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = _store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
        await WriteJsonAsync(ctx.Response, 200, list).ConfigureAwait(false);
        return 200;
    }

    private async Task<int> ScaleAsync(HttpListenerContext ctx, string method, ResourceType type, string? ns, string name)
    {
        var obj = _store.Get(type.Resource, ns, name) ?? throw ApiException.NotFound(type, name);
        switch (method)
        {
            case "GET":
                await WriteJsonAsync(ctx.Response, 200, Scale.FromObject(type, obj)).ConfigureAwait(false);
                return 200;
            case "PUT":
            case "PATCH":
                JsonObject scale;
                if (method == "PUT")
                {
                    scale = await ReadObjectAsync(ctx.Request).ConfigureAwait(false);
                }
                else
                {
                    var contentType = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
                    scale = Patches.Apply(contentType, Scale.FromObject(type, obj), await ReadBodyAsync(ctx.Request).ConfigureAwait(false), null);
                }

                if (cluster.Faults.TakeForcedConflict())
                {
                    throw ApiException.Conflict(type, name);
                }

                var sentRv = scale["metadata"]?["resourceVersion"]?.GetValue<string>();
                // autoscaling/v1 ScaleSpec.replicas is omitempty: absent means 0.
                var replicas = scale["spec"]?["replicas"] ?? JsonValue.Create(0L);
                if (replicas.GetValueKind() != JsonValueKind.Number || replicas.GetValue<long>() < 0)
                {
                    throw new ApiException(422, "Invalid", $"Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas?.ToJsonString() ?? "null"}: must be greater than or equal to 0");
                }

                var spec = obj["spec"] as JsonObject ?? [];
                obj["spec"] = spec;
                spec["replicas"] = replicas.GetValue<long>();
                var meta = (JsonObject)obj["metadata"]!;
                if (method == "PUT" && !string.IsNullOrEmpty(sentRv))
                {
                    meta["resourceVersion"] = sentRv;
                }

                var updated = _store.Update(type.Resource, ns, obj);
                await WriteJsonAsync(ctx.Response, 200, Scale.FromObject(type, updated)).ConfigureAwait(false);
                return 200;
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.GroupResource}/scale)");
        }
    }

    private async Task<int> WatchAsync(HttpListenerContext ctx, ResourceType type, string? ns)
    {
        var q = ctx.Request.QueryString;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"], type);
        var table = Tables.Wanted(ctx.Request);
        var includeObject = IncludeObject(ctx);
        var rvText = q["resourceVersion"];
        var sendInitial = IsTrue(q["sendInitialEvents"]);
        var bookmarks = IsTrue(q["allowWatchBookmarks"]);
        var timeout = int.TryParse(q["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts) && ts > 0
            ? TimeSpan.FromSeconds(ts)
            : TimeSpan.FromMinutes(30);

        var resp = ctx.Response;
        resp.StatusCode = 200;
        resp.ContentType = "application/json";
        resp.SendChunked = true;

        // A connection that carried a watch is never reused (Connection: close after the last chunk): a client that
        // walked away mid-stream, or drained a stream the server cut at timeoutSeconds, cannot be handed a pooled
        // connection in an unknown state for its next request. Clients open a fresh connection; nothing else changes.
        resp.KeepAlive = false;
        var output = resp.OutputStream;
        Scope.Value?.LogOnce(200);

        List<ResourceStore.Entry> initial = [];
        ResourceStore.WatchSubscription sub;
        long startRv;
        if (string.IsNullOrEmpty(rvText) || rvText == "0" || sendInitial)
        {
            // Watch semantics: resourceVersion unset/"0" = synthetic ADDED events for the current state first.
            (initial, startRv, sub) = _store.SnapshotAndSubscribe(type.Resource, ns, labels, fields);
            if (!string.IsNullOrEmpty(rvText) && rvText != "0" && !sendInitial)
            {
                initial = [];
            }
        }
        else
        {
            if (!long.TryParse(rvText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var from))
            {
                throw ApiException.BadRequest($"invalid resource version \"{rvText}\"");
            }

            try
            {
                sub = _store.Subscribe(from, cluster.Faults.TakeForcedGone());
                startRv = from;
            }
            catch (ApiException gone) when (gone.Code == 410)
            {
                // The watch cache answers 200 and then one ERROR event carrying the 410 Expired Status.
                await WriteEventAsync(output, "ERROR", StatusBody(gone)).ConfigureAwait(false);
                return 200;
            }
        }

        using (sub)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cluster.Stopping);
            cts.CancelAfter(timeout);

            var reader = sub.Channel.Reader;
            try
            {
                // API server (watch handler): the 200 and its headers go out (WriteHeader + Flush) before any event.
                await ResponseHeaders.SendNowAsync(resp).ConfigureAwait(false);
                foreach (var e in initial)
                {
                    await WriteEventAsync(output, "ADDED", table ? Tables.Render(type, [e.Object], includeObject, e.Rv.ToString(CultureInfo.InvariantCulture)) : null, e.Utf8).ConfigureAwait(false);
                }

                if (sendInitial && bookmarks)
                {
                    // WatchList: a BOOKMARK annotated k8s.io/initial-events-end marks the end of the initial state.
                    await WriteEventAsync(output, "BOOKMARK", Bookmark(type, startRv, true)).ConfigureAwait(false);
                }

                while (await reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var ev))
                    {
                        if (ev.Resource != type.Resource || (ns is not null && ev.Namespace != ns) ||
                            !labels.MatchesObject(ev.Object) || !fields.Matches(ev.Object))
                        {
                            continue;
                        }

                        await WriteEventAsync(output, ev.Type, table ? Tables.Render(type, [ev.Object], includeObject, ev.Rv.ToString(CultureInfo.InvariantCulture)) : null, ev.Utf8).ConfigureAwait(false);
                    }

                    await output.FlushAsync(cts.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cluster.Stopping.IsCancellationRequested)
            {
                // timeoutSeconds elapsed: the server ends the stream normally.
            }
            catch (ApiException ex)
            {
                // API server (watch): once the 200 is out, an error is the stream's last event, an ERROR with its Status.
                await WriteEventAsync(output, "ERROR", StatusBody(ex)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException))
            {
                await WriteEventAsync(output, "ERROR", StatusBody(new ApiException(500, "InternalError", "Internal error occurred: " + ex.GetType().Name + ": " + ex.Message))).ConfigureAwait(false);
            }
        }

        return 200;
    }

    private static async Task WriteEventAsync(Stream output, string type, JsonObject? obj, byte[]? raw = null)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WritePropertyName("object");
            if (obj is not null)
            {
                obj.WriteTo(w);
            }
            else
            {
                w.WriteRawValue(raw!, skipInputValidation: true);
            }

            w.WriteEndObject();
        }

        ms.WriteByte((byte)'\n');
        ms.Position = 0;
        await ms.CopyToAsync(output).ConfigureAwait(false);
    }

    private static JsonObject Bookmark(ResourceType type, long rv, bool initialEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (initialEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = meta };
    }

    private static string IncludeObject(HttpListenerContext ctx) => ctx.Request.QueryString["includeObject"] ?? "Metadata";

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var kind = body["kind"]?.GetValue<string>();
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        if ((kind is not null && kind != type.Kind) || (apiVersion is not null && apiVersion != type.ApiVersion))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})" +
                (kind is not null && kind != type.Kind ? $", and the kind ({kind}) is not {type.Kind}" : ""));
        }
    }

    private static bool IsTrue(string? v) => v is "true" or "1" or "True";

    private static ApiException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource");

    private static async Task<int> GetOnly(HttpListenerContext ctx, string method, JsonObject body)
    {
        if (method != "GET")
        {
            throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method})");
        }

        await WriteJsonAsync(ctx.Response, 200, body).ConfigureAwait(false);
        return 200;
    }

    private static async Task<string> ReadBodyAsync(HttpListenerRequest req)
    {
        using var reader = new StreamReader(req.InputStream, Encoding.UTF8);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpListenerRequest req)
    {
        var ct = (req.ContentType ?? "application/json").Split(';')[0].Trim();
        if (ct is not ("application/json" or ""))
        {
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json (got {ct}; the sandbox does not support protobuf or YAML bodies)");
        }

        var text = await ReadBodyAsync(req).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the body of the request was not a JSON object");
    }

    internal static JsonObject StatusBody(ApiException ex)
    {
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = ex.Message,
            ["reason"] = ex.Reason,
        };
        if (ex.Details is not null)
        {
            body["details"] = ex.Details.DeepClone();
        }
        else if (ex.RetryAfterSeconds is { } ra)
        {
            body["details"] = new JsonObject { ["retryAfterSeconds"] = ra };
        }

        body["code"] = ex.Code;
        return body;
    }

    private static async Task WriteStatusAsync(HttpListenerResponse resp, ApiException ex)
    {
        if (ex.RetryAfterSeconds is { } ra)
        {
            resp.AddHeader("Retry-After", ra.ToString(CultureInfo.InvariantCulture));
        }

        await WriteJsonAsync(resp, ex.Code, StatusBody(ex)).ConfigureAwait(false);
    }

    internal static async Task WriteJsonAsync(HttpListenerResponse resp, int status, JsonNode body)
    {
        Scope.Value?.LogOnce(status);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        resp.StatusCode = status;
        resp.ContentType = "application/json";
        resp.ContentLength64 = bytes.Length;
        await resp.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpListenerResponse resp, int status, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Scope.Value?.LogOnce(status);
        resp.StatusCode = status;
        resp.ContentType = "text/plain; charset=utf-8";
        resp.ContentLength64 = bytes.Length;
        await resp.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>Logs a request once, before its response bytes go out (so a client never sees an unlogged answer).</summary>
    private sealed class RequestScope(RequestLog log, string method, string path)
    {
        private int _logged;

        public void LogOnce(int status)
        {
            if (Interlocked.Exchange(ref _logged, 1) == 0)
            {
                log.Add(new RequestLogEntry(DateTimeOffset.UtcNow, method, path, status));
            }
        }
    }
}
