using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RollbackDrill.Engine.Tests.Recovery;

public static class FreePort
{
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>
/// A loopback HTTP server whose health endpoint answers 503 until <see cref="Flip"/>, then 200. The flip
/// instant is recorded on the same clock the engine uses (TimeProvider.System), so a test knows exactly when
/// the service recovered.
/// </summary>
public sealed class FlipServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private volatile bool healthy;
    private int requests;

    public FlipServer(bool startHealthy = false, string unhealthyBody = "{\"status\":\"down\"}", string healthyBody = "{\"status\":\"ok\",\"checks\":{\"redis\":\"OK\",\"postgres\":\"OK\"}}")
    {
        healthy = startHealthy;
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(() => Loop(unhealthyBody, healthyBody));
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/readyz");

    public DateTimeOffset? FlippedAt { get; private set; }

    public int Requests => Volatile.Read(ref requests);

    public IReadOnlyDictionary<string, string> LastHeaders { get; private set; } = new Dictionary<string, string>();

    public void Flip()
    {
        FlippedAt = TimeProvider.System.GetUtcNow();
        healthy = true;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        stop.Dispose();
    }

    private async Task Loop(string unhealthyBody, string healthyBody)
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

            Interlocked.Increment(ref requests);
            LastHeaders = ctx.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => ctx.Request.Headers[k] ?? string.Empty);
            var ok = healthy;
            var body = Encoding.UTF8.GetBytes(ok ? healthyBody : unhealthyBody);
            ctx.Response.StatusCode = ok ? 200 : 503;
            ctx.Response.ContentType = "application/json";
            try
            {
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
            catch (Exception)
            {
                // client went away
            }
        }
    }
}

/// <summary>A loopback TLS server with a self-signed certificate that answers every request with HTTP 200.</summary>
public sealed class SelfSignedTlsServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;

    public SelfSignedTlsServer()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        certificate = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        listener.Start();
        _ = Task.Run(Loop);
    }

    public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/readyz");

    public void Dispose()
    {
        listener.Stop();
        certificate.Dispose();
    }

    private async Task Loop()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await using var ssl = new SslStream(client.GetStream());
                        await ssl.AuthenticateAsServerAsync(certificate);
                        var buffer = new byte[4096];
                        _ = await ssl.ReadAsync(buffer);
                        await ssl.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
                    }
                    catch (Exception)
                    {
                        // a client that rejects our certificate hangs up mid-handshake
                    }
                }
            });
        }
    }
}
