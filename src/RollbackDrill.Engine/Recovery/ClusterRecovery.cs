using RollbackDrill.Engine.Connection;
using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>
/// A <see cref="RecoveryMeasurementService"/> wired to the cluster for Kubernetes readiness probes (one API client per
/// connection, disposed with this) and to HTTP for the other probes. The drill runner uses the one-connection form;
/// Measure-RecoveryTime routes each probe to the connection of its context.
/// </summary>
public sealed class ClusterRecovery : IDisposable
{
    private readonly Dictionary<ClusterConnection, ClusterReleaseRollouts> readers = [];
    private readonly Func<RecoveryProbe, ClusterConnection?> connectionFor;
    private readonly HttpProbeClient? ownedHttp;

    /// <summary>Every Kubernetes probe reads through <paramref name="connection"/>; <paramref name="http"/> null: an own client.</summary>
    public ClusterRecovery(ClusterConnection connection, IHttpProbeClient? http = null, TimeProvider? clock = null)
        : this(_ => connection, http, clock)
    {
        ArgumentNullException.ThrowIfNull(connection);
    }

    /// <summary>Each Kubernetes probe reads through the connection <paramref name="connectionFor"/> gives it (null: none).</summary>
    public ClusterRecovery(Func<RecoveryProbe, ClusterConnection?> connectionFor, IHttpProbeClient? http = null, TimeProvider? clock = null)
    {
        this.connectionFor = connectionFor ?? throw new ArgumentNullException(nameof(connectionFor));
        if (http is null)
        {
            ownedHttp = new HttpProbeClient();
            http = ownedHttp;
        }

        Checks = new ProbeCheckFactory(http, Reader);
        Service = new RecoveryMeasurementService(Checks, clock ?? TimeProvider.System);
    }

    public ProbeCheckFactory Checks { get; }

    public RecoveryMeasurementService Service { get; }

    public void Dispose()
    {
        lock (readers)
        {
            foreach (var r in readers.Values)
            {
                r.Dispose();
            }

            readers.Clear();
        }

        ownedHttp?.Dispose();
    }

    private ClusterReleaseRollouts? Reader(RecoveryProbe probe)
    {
        if (connectionFor(probe) is not { } connection)
        {
            return null;
        }

        lock (readers)
        {
            if (!readers.TryGetValue(connection, out var reader))
            {
                reader = new ClusterReleaseRollouts(connection);
                readers[connection] = reader;
            }

            return reader;
        }
    }
}
