using System.Net;
using System.Net.Sockets;

namespace RollbackDrill.Bench;

/// <summary>
/// A loopback HTTP endpoint that answers 503 until a known instant and 200 from then on: the "known recovery
/// instant" the RTO measurement is compared with. Counts the requests it served.
/// </summary>
internal sealed class FlipServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private long flipTicks = long.MaxValue;
    private int requests;

    public FlipServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/healthz");

    public int Requests => Volatile.Read(ref requests);

    /// <summary>From <paramref name="at"/> on, answers 200; before it, 503.</summary>
    public void FlipAt(DateTimeOffset at)
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref flipTicks, at.UtcTicks);
    }

    private async Task LoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            var healthy = DateTimeOffset.UtcNow.UtcTicks >= Interlocked.Read(ref flipTicks);
            ctx.Response.StatusCode = healthy ? 200 : 503;
            var body = healthy ? "OK"u8.ToArray() : "down"u8.ToArray();
            ctx.Response.ContentLength64 = body.Length;
            try
            {
                await ctx.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                ctx.Response.Close();
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        stop.Dispose();
    }
}
