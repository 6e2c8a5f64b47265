namespace RollbackDrill.Tests.Infrastructure;

/// <summary>Writes small kubeconfig files for tests (token values are fake and are asserted never to leak).</summary>
public static class TestKubeconfig
{
    public const string SecretToken = "tok-SECRET-5f1d8c0e-never-print-me";

    public static string Write(string currentContext, string server, string? ns = null, params string[] extraContexts)
    {
        var dir = Directory.CreateTempSubdirectory("rbd-kcfg-").FullName;
        var path = Path.Combine(dir, "config");
        var contexts = new[] { currentContext }.Concat(extraContexts).Distinct().ToList();
        var text = $"""
            apiVersion: v1
            kind: Config
            current-context: {currentContext}
            clusters:
            - name: c1
              cluster:
                server: {server}
                insecure-skip-tls-verify: true
            users:
            - name: u1
              user:
                token: {SecretToken}
            contexts:
            {string.Join("\n", contexts.Select(c => $"- name: {c}\n  context:\n    cluster: c1\n    user: u1\n" + (ns is null ? string.Empty : $"    namespace: {ns}\n")))}
            """;
        File.WriteAllText(path, text);
        return path;
    }
}
