using System.Collections.Concurrent;
using System.Net;
using System.Text;
using RollbackDrill.Engine.Tests.Recovery;

namespace RollbackDrill.Engine.Tests.Annotations;

/// <summary>One request as the fake Grafana saw it.</summary>
public sealed record GrafanaRequest(string Method, string Path, string? Authorization, string Body);

/// <summary>
/// A fake Grafana on 127.0.0.1 (HttpListener): records every request and answers the annotations API like Grafana
/// ({"message":"Annotation added","id":N} for POST, {"message":"Annotation patched"} for PATCH), or with the
/// status, body and delay a test sets.
/// </summary>
public sealed class FakeGrafana : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private int nextId = 17;

    public FakeGrafana()
    {
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(Loop);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<GrafanaRequest> Requests { get; } = new();

    public int Status { get; set; } = 200;

    public string? Body { get; set; }

    public TimeSpan Delay { get; set; }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        stop.Dispose();
    }

    private async Task Loop()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => Answer(ctx));
        }
    }

    private async Task Answer(HttpListenerContext ctx)
    {
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new GrafanaRequest(ctx.Request.HttpMethod, ctx.Request.Url!.AbsolutePath, ctx.Request.Headers["Authorization"], body));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, stop.Token);
            }

            var answer = Body ?? (ctx.Request.HttpMethod == "POST"
                ? "{\"message\":\"Annotation added\",\"id\":" + Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"
                : "{\"message\":\"Annotation patched\"}");
            var bytes = Encoding.UTF8.GetBytes(answer);
            ctx.Response.StatusCode = Status;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(bytes, stop.Token);
            ctx.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The test ended, or the client gave up (timeouts are part of the tests).
        }
    }
}
