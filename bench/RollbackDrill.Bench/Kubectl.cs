using System.Text.Json;

namespace RollbackDrill.Bench;

/// <summary>The real kubectl, run against a sandbox's kubeconfig: the anchor of the process-level comparisons.</summary>
internal sealed class Kubectl(string path, string kubeconfig)
{
    public static string DefaultPath => Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } k ? k : "/usr/bin/kubectl";

    public string Path { get; } = path;

    public Task<Proc.Result> RunAsync(params string[] args) =>
        Proc.RunCheckedAsync(Path, ["--kubeconfig", kubeconfig, .. args], TimeSpan.FromSeconds(60));

    /// <summary>kubectl get secrets -A -l owner=helm -o json: the list a Helm history read starts from; returns the item count.</summary>
    public async Task<int> ListHelmSecretsAsync()
    {
        var r = await RunAsync("get", "secrets", "-A", "-l", "owner=helm", "-o", "json").ConfigureAwait(false);
        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.GetProperty("items").GetArrayLength();
    }

    public static async Task<string> ClientVersionAsync(string path)
    {
        var r = await Proc.RunCheckedAsync(path, ["version", "--client", "-o", "json"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.GetProperty("clientVersion").GetProperty("gitVersion").GetString() ?? "unknown";
    }
}
