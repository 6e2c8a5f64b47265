using System.Net.Sockets;

namespace RollbackDrill.Engine.Recovery;

/// <summary>TCP probe: passes when a connection to host:port is accepted within the request timeout.</summary>
public sealed class TcpCheck(RecoveryProbe probe) : IProbeCheck
{
    public async Task<CheckOutcome> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.RequestTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(probe.Host!, probe.Port, timeout.Token).ConfigureAwait(false);
            return CheckOutcome.Pass("connected");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckOutcome.Fail("no answer", $"connect to {probe.Target} timed out after {probe.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (SocketException ex)
        {
            return CheckOutcome.Fail("no answer", ex.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"DNS failure: host '{probe.Host}' not found",
                SocketError.ConnectionRefused => $"connection refused by {probe.Target}",
                _ => $"cannot connect to {probe.Target}: {ex.SocketErrorCode}",
            });
        }
    }
}
