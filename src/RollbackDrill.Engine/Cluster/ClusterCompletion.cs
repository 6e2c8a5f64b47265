using k8s;
using RollbackDrill.Engine.Connection;

namespace RollbackDrill.Engine.Cluster;

/// <summary>
/// Names for argument completion, read with a short deadline. Any failure (no cluster, no permission, timeout)
/// gives an empty list: completion must never throw or hang the prompt.
/// </summary>
public static class ClusterCompletion
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<string> ReleaseNames(ClusterConnection connection, string? ns, HelmStorageDriver driver)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Run(connection, async (client, ct) =>
        {
            var records = await new KubeReleaseStore(client, driver).ListAsync(ns ?? connection.Namespace, null, ct).ConfigureAwait(false);
            return records.Select(r => r.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        });
    }

    public static IReadOnlyList<string> Namespaces(ClusterConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Run(connection, async (client, ct) =>
        {
            var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct).ConfigureAwait(false);
            return list.Items.Select(n => n.Metadata?.Name).OfType<string>().Order(StringComparer.Ordinal).ToList();
        });
    }

    private static List<string> Run(ClusterConnection connection, Func<IKubernetes, CancellationToken, Task<List<string>>> read)
    {
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            using var client = connection.CreateClient();
            var task = Task.Run(() => read(client, cts.Token), cts.Token);
            if (task.Wait(Deadline))
            {
                return task.Result;
            }

            cts.Cancel();
            return [];
        }
#pragma warning disable CA1031 // Completion never fails: anything that goes wrong offers nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
