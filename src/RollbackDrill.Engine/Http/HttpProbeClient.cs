using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace RollbackDrill.Engine.Http;

/// <summary>
/// HttpClient adapter for probes: two pooled clients (TLS verified, and verification skipped on request),
/// no connection reuse across a recovery (each check must see the service as a new client would), bounded body
/// reads, and network failures mapped to short reasons.
/// </summary>
public sealed class HttpProbeClient : IHttpProbeClient, IDisposable
{
    private const int MaxBodyChars = 64 * 1024;
    private readonly HttpClient verified;
    private readonly HttpClient unverified;

    public HttpProbeClient()
    {
        verified = new HttpClient(CreateHandler(skipCertificateCheck: false)) { Timeout = Timeout.InfiniteTimeSpan };
        unverified = new HttpClient(CreateHandler(skipCertificateCheck: true)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<HttpProbeResponse> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            var client = request.SkipCertificateCheck ? unverified : verified;
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
            return new HttpProbeResponse((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new ProbeFailureException($"no answer within {request.Timeout.TotalSeconds:0.###} s (timeout)", false, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProbeFailureException(Describe(ex, request.Url), false, ex);
        }
    }

    public void Dispose()
    {
        verified.Dispose();
        unverified.Dispose();
    }

    /// <summary>A short reason for a failed request: DNS, refused, TLS, reset — never a stack trace.</summary>
    internal static string Describe(HttpRequestException ex, Uri url)
    {
        var socket = Find<SocketException>(ex);
        var auth = Find<AuthenticationException>(ex);
        if (auth is not null)
        {
            return $"TLS failure with {url.Host}: {auth.Message}{(auth.InnerException is { } i ? " " + i.Message : string.Empty)} (use -SkipCertificateCheck only for a test endpoint)";
        }

        return socket?.SocketErrorCode switch
        {
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"DNS failure: host '{url.Host}' not found",
            SocketError.ConnectionRefused => $"connection refused by {url.Host}:{url.Port}",
            SocketError.ConnectionReset => $"connection reset by {url.Host}:{url.Port}",
            SocketError.TimedOut => $"connection to {url.Host}:{url.Port} timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"{url.Host} unreachable ({socket.SocketErrorCode})",
            { } code => $"network error {code} talking to {url.Host}:{url.Port}",
            null => ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => $"DNS failure: host '{url.Host}' not found",
                HttpRequestError.SecureConnectionError => $"TLS failure with {url.Host}: {ex.Message}",
                HttpRequestError.ConnectionError => $"cannot connect to {url.Host}:{url.Port}: {ex.Message}",
                _ => ex.Message,
            },
        };
    }

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T t)
            {
                return t;
            }
        }

        return null;
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken token)
    {
        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[MaxBodyChars];
            var total = 0;
            while (total < buffer.Length)
            {
                var n = await reader.ReadAsync(buffer.AsMemory(total), token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return new string(buffer, 0, total);
        }
    }

    private static SocketsHttpHandler CreateHandler(bool skipCertificateCheck)
    {
        var handler = new SocketsHttpHandler
        {
            // A recovering service must be seen as a new client sees it: no pooled connection to a dead pod.
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (skipCertificateCheck)
        {
#pragma warning disable CA5359 // Only when the user asked for -SkipCertificateCheck.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }
}
