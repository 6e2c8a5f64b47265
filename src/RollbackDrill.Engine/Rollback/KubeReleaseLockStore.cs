using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// <see cref="IReleaseLockStore"/> over KubernetesClient ConfigMaps. Every call is retried on transient failures
/// (<see cref="ApiRetry"/>): each write is guarded on the server (create by the name, replace and delete by the
/// resourceVersion), so a retried write cannot take or drop somebody else's lock. Failures are mapped through
/// <see cref="KubeErrorMapper"/> (a 403 names the configmaps verb to grant).
/// </summary>
public sealed class KubeReleaseLockStore : IReleaseLockStore
{
    private const string Resource = "configmaps";
    private const string Purpose = "RollbackDrill release lock: one rollback or drill of this release at a time.";
    private readonly IKubernetes client;
    private readonly ResiliencePipeline retry;

    public KubeReleaseLockStore(IKubernetes client, ResiliencePipeline? retry = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.retry = retry ?? ApiRetry.Create();
    }

    public async Task<ReleaseLockRecord?> TryCreateAsync(string ns, string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        var body = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = Copy(labels), Annotations = Copy(annotations) },
            Data = new Dictionary<string, string> { ["purpose"] = Purpose },
        };
        try
        {
            return Of(await retry.ExecuteAsync(async ct => await client.CoreV1.CreateNamespacedConfigMapAsync(body, ns, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            return null; // AlreadyExists: held (or our own earlier attempt landed; the caller checks the lock id)
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "create", Resource, ns, name, name);
        }
    }

    public async Task<ReleaseLockRecord?> GetAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return Of(await retry.ExecuteAsync(async ct => await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "get", Resource, ns, name, name);
        }
    }

    public async Task<ReleaseLockRecord?> TryReplaceAsync(string ns, string name, string resourceVersion, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        var body = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion, Labels = Copy(labels), Annotations = Copy(annotations) },
            Data = new Dictionary<string, string> { ["purpose"] = Purpose },
        };
        try
        {
            // PUT with metadata.resourceVersion: the API server answers 409 Conflict if anybody wrote in between.
            return Of(await retry.ExecuteAsync(async ct => await client.CoreV1.ReplaceNamespacedConfigMapAsync(body, name, ns, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "update", Resource, ns, name, name);
        }
    }

    public async Task<ReleaseLockDeleteResult> DeleteAsync(string ns, string name, string resourceVersion, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = resourceVersion } };
        try
        {
            await retry.ExecuteAsync(async ct => await client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, options, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return ReleaseLockDeleteResult.Deleted;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return ReleaseLockDeleteResult.Gone;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            return ReleaseLockDeleteResult.Changed;
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "delete", Resource, ns, name, name);
        }
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> d) => d.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static ReleaseLockRecord Of(V1ConfigMap cm) => new(
        cm.Metadata?.Name ?? string.Empty,
        cm.Metadata?.ResourceVersion ?? string.Empty,
        (IReadOnlyDictionary<string, string>?)cm.Metadata?.Annotations ?? new Dictionary<string, string>());
}
