using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class ScenarioParserTests
{
    [Fact]
    public void Videokit_example_has_seed_003_revisions()
    {
        var s = ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml"));
        Assert.Equal(["videokit"], s.Namespaces);
        var api = Assert.Single(s.Releases, r => r.Name == "videokit-api");
        Assert.Equal(42, api.Revisions.Count);
        Assert.Equal(Enumerable.Range(1, 42), api.Revisions.Select(r => r.Revision));
        Assert.Equal(41, api.Revisions.Count(r => r.Status == HelmStatus.Superseded));
        Assert.Equal(HelmStatus.Deployed, api.Revisions[41].Status);
        Assert.Equal("registry.example.com/videokit/api:44f1639", api.Revisions[40].Image);
        Assert.Equal("registry.example.com/videokit/api:03d5aeb0", api.Revisions[41].Image);
        Assert.Equal("03d5aeb0", api.Revisions[41].GitCommit);
        Assert.All(api.Revisions, r => Assert.Equal(("videokit", "0.1.0", "1.0.0"), (r.ChartName, r.ChartVersion, r.AppVersion)));
        Assert.Equal("Install complete", api.Revisions[0].Description);
        Assert.Equal("Upgrade complete", api.Revisions[41].Description);
        Assert.True(api.Revisions[41].DeployedAt > api.Revisions[40].DeployedAt);
        Assert.Equal("Redis OK, Postgres OK", api.Service!.Health.Single(h => h.Path == "/readyz").Body);

        var worker = Assert.Single(s.Releases, r => r.Name == "videokit-worker");
        Assert.Equal(18, worker.Revisions.Count);
        Assert.Equal("registry.example.com/videokit/worker:44f1639", worker.Revisions[16].Image);
        Assert.Equal("registry.example.com/videokit/worker:03d5aeb0", worker.Current!.Image);
    }

    [Fact]
    public void Embeddings_example_has_seed_000_workloads()
    {
        var s = ScenarioLoader.Load(HelmTestPaths.Example("embeddings.yaml"));
        // The Helm-deployed stack the drill rolls back, and the plain Deployments it scales.
        Assert.Equal(["embeddings-gateway", "embeddings-faiss", "embeddings-opensearch"], s.Releases.Select(r => r.Name));
        Assert.Equal(["vllm-embeddings", "pyserini", "legacy-embeddings"], s.Workloads.Select(w => w.Name));
        Assert.Equal(0, s.Workloads.Single(w => w.Name == "legacy-embeddings").Replicas);
        Assert.Equal(2, s.Workloads.Single(w => w.Name == "vllm-embeddings").History.Count);
        Assert.All(s.Workloads, w => Assert.Contains(w.Service!.Health, h => h.Path == "/healthz"));
    }

    [Fact]
    public void Explicit_revision_list_with_statuses()
    {
        var s = ScenarioLoader.Parse("""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            spec:
              namespaces: [shop]
              releases:
                - name: cart
                  namespace: shop
                  storage: configmap
                  chart: {name: cart, version: 1.2.3}
                  image: r/cart
                  revisions:
                    - {revision: 1, tag: a1}
                    - {revision: 2, tag: b2, status: deployed}
                    - {revision: 3, tag: c3, status: failed, neverReady: true}
            """);
        var cart = s.Releases.Single();
        Assert.Equal("configmap", cart.StorageDriver);
        Assert.Equal(["superseded", "deployed", "failed"], cart.Revisions.Select(r => r.Status));
        Assert.Equal(2, cart.Current!.Revision);
        Assert.True(cart.Revisions[2].NeverReady);
        Assert.Equal("Upgrade \"cart\" failed: context deadline exceeded", cart.Revisions[2].Description);
    }

    [Fact]
    public void Malformed_scenario_reports_every_problem_with_line_and_column()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            spec:
              namespaces: [videokit]
              releases:
                - name: videokit-api
                  namespace: videokit
                  chart: {name: videokit, version: 0.1.0}
                  image: r/api
                  replicas: three
                  colour: blue
                  revisions:
                    count: 4
                    items:
                      - {revision: 9, tag: x}
                      - {revision: 2, status: done}
            """, "bad.yaml"));
        Assert.Contains(ex.Errors, e => e is { Line: 10, Column: 17 } && e.Message.Contains("'replicas' must be an integer", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e is { Line: 11, Column: 7 } && e.Message.Contains("unknown field 'colour'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 15 && e.Message.Contains("revision 9 is beyond count 4", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 16 && e.Message.Contains("unknown status 'done'", StringComparison.Ordinal));
        Assert.All(ex.Errors, e => Assert.Equal("bad.yaml", e.File));
        Assert.StartsWith("Scenario file bad.yaml has 4 problems:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:10:17:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_error_names_file_line_and_column()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("apiVersion: sandbox.rollbackdrill.io/v1\nkind: Scenario\nspec:\n  namespaces: [a\n  releases: x\n", "syntax.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal("syntax.yaml", e.File);
        Assert.True(e.Line >= 4, $"line {e.Line}");
        Assert.StartsWith("YAML syntax error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_kind_missing_namespace_and_bad_fault_are_reported_together()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            apiVersion: v1
            kind: Pod
            spec:
              workloads:
                - {kind: Job, name: x, namespace: ghost, image: i}
              faults:
                - {type: error}
                - {type: meteor}
            """, "f.yaml"));
        Assert.Contains(ex.Errors, e => e.Line == 1 && e.Message.Contains("apiVersion must be sandbox.rollbackdrill.io/v1", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 2 && e.Message.Contains("kind must be Scenario", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 5 && e.Message.Contains("kind must be Deployment, StatefulSet or DaemonSet", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 7 && e.Message.Contains("needs 'status'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 8 && e.Message.Contains("unknown type 'meteor'", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_file_throws_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => ScenarioLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-scenario-" + Guid.NewGuid() + ".yaml")));
    }
}
