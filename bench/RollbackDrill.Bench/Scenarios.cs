using System.Globalization;
using System.Text;

namespace RollbackDrill.Bench;

/// <summary>Scenario files (the sandbox's YAML format, see examples/sandbox/) generated at the sizes the issues name.</summary>
internal static class Scenarios
{
    /// <summary><paramref name="releases"/> Helm releases × <paramref name="revisions"/> revisions, spread over <paramref name="namespaces"/> namespaces.</summary>
    public static string Releases(string name, int releases, int revisions, int namespaces, string readyAfter = "100ms", string prefix = "rel")
    {
        var sb = new StringBuilder();
        var nsNames = Enumerable.Range(0, namespaces).Select(i => Inv($"{prefix}-ns{i:00}")).ToList();
        sb.Append(Inv($"""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            metadata:
              name: {name}
            spec:
              namespaces: [{string.Join(", ", nsNames)}]
              releases:

            """));
        for (var i = 0; i < releases; i++)
        {
            sb.Append(Inv($"""
                    - name: {prefix}{i:000}
                      namespace: {nsNames[i % namespaces]}
                      chart: {"{"}name: benchapp, version: 1.2.3, appVersion: 4.5.6{"}"}
                      image: registry.example.com/bench/{prefix}{i:000}
                      replicas: 1
                      readyAfter: {readyAfter}
                      containerPort: 8080
                      values:
                        replicaCount: 1
                        db: {"{"}host: db.example.svc, password: bench-secret-do-not-print{"}"}
                      revisions:
                        count: {revisions}
                        start: 2025-01-01T00:00:00Z
                        interval: 1h

                """));
        }

        return sb.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
