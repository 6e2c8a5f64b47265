using System.Text;
using k8s;
using k8s.Models;
using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Cluster;

/// <summary>
/// <see cref="IReleaseStore"/> over KubernetesClient, for Helm's Secret and ConfigMap drivers. Lists in pages
/// (as kubectl does, 500 at a time) with Helm's label selector; the listing already carries each record's data,
/// so it is kept (undecoded) on the record.
/// </summary>
public sealed class KubeReleaseStore : IReleaseStore
{
    private const int PageSize = 500;
    private readonly IKubernetes client;
    private readonly HelmStorageDriver driver;

    public KubeReleaseStore(IKubernetes client, HelmStorageDriver driver)
    {
        this.client = client;
        this.driver = driver;
    }

    private string Resource => driver == HelmStorageDriver.Secret ? "secrets" : "configmaps";

    // Helm storage drivers query with owner=helm, and name=<release> for one release (pkg/storage/driver/secrets.go).
    public static string Selector(string? releaseName) => releaseName is null ? "owner=helm" : $"owner=helm,name={releaseName}";

    public async Task<IReadOnlyList<ReleaseRecord>> ListAsync(string? ns, string? releaseName, CancellationToken cancellationToken)
    {
        var selector = Selector(releaseName);
        var records = new List<ReleaseRecord>();
        string? continueToken = null;
        try
        {
            do
            {
                if (driver == HelmStorageDriver.Secret)
                {
                    var page = ns is null
                        ? await client.CoreV1.ListSecretForAllNamespacesAsync(continueParameter: continueToken, labelSelector: selector, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false)
                        : await client.CoreV1.ListNamespacedSecretAsync(ns, continueParameter: continueToken, labelSelector: selector, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
                    records.AddRange(page.Items.Select(FromSecret));
                    continueToken = page.Metadata?.ContinueProperty;
                }
                else
                {
                    var page = ns is null
                        ? await client.CoreV1.ListConfigMapForAllNamespacesAsync(continueParameter: continueToken, labelSelector: selector, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false)
                        : await client.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: continueToken, labelSelector: selector, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
                    records.AddRange(page.Items.Select(FromConfigMap));
                    continueToken = page.Metadata?.ContinueProperty;
                }
            }
            while (!string.IsNullOrEmpty(continueToken));
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "list", Resource, ns, releaseName);
        }

        return records;
    }

    public async Task<string?> GetPayloadAsync(ReleaseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload is not null)
        {
            return record.Payload;
        }

        try
        {
            if (record.Driver == HelmStorageDriver.Secret)
            {
                var secret = await client.CoreV1.ReadNamespacedSecretAsync(record.ObjectName, record.ObjectNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return SecretPayload(secret);
            }

            var map = await client.CoreV1.ReadNamespacedConfigMapAsync(record.ObjectName, record.ObjectNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return map.Data?.TryGetValue("release", out var text) == true ? text : null;
        }
        catch (Exception ex) when (KubeErrorMapper.IsApiFailure(ex, cancellationToken))
        {
            throw KubeErrorMapper.Map(ex, "get", record.Driver == HelmStorageDriver.Secret ? "secrets" : "configmaps", record.ObjectNamespace, record.Name, record.ObjectName);
        }
    }

    public static ReleaseRecord FromSecret(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return ReleaseRecord.FromObject(
            HelmStorageDriver.Secret, secret.Metadata?.Name ?? string.Empty, secret.Metadata?.NamespaceProperty ?? string.Empty, secret.Metadata?.Labels, SecretPayload(secret));
    }

    public static ReleaseRecord FromConfigMap(V1ConfigMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return ReleaseRecord.FromObject(
            HelmStorageDriver.ConfigMap,
            map.Metadata?.Name ?? string.Empty,
            map.Metadata?.NamespaceProperty ?? string.Empty,
            map.Metadata?.Labels,
            map.Data?.TryGetValue("release", out var text) == true ? text : string.Empty);
    }

    // Secret data arrives base64 on the wire; the client hands us the decoded bytes, which are Helm's base64 text.
    // A record without the key keeps "" (not null) so the decoder reports it rather than fetching it again.
    private static string SecretPayload(V1Secret secret) =>
        secret.Data?.TryGetValue("release", out var bytes) == true && bytes is not null ? Encoding.ASCII.GetString(bytes) : string.Empty;
}
