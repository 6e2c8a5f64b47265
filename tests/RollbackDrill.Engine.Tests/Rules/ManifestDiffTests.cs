using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class ManifestDiffTests
{
    private const string Revision42 = """
        ---
        # Source: videokit/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata:
          name: videokit-api-db
        type: Opaque
        data:
          password: c2VjcmV0LTQy
          user: YXBp
        ---
        # Source: videokit/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: videokit-api
          labels:
            app.kubernetes.io/instance: videokit-api
            helm.sh/chart: videokit-0.1.0
        spec:
          replicas: 3
          template:
            metadata:
              annotations:
                checksum/config: aaa
            spec:
              containers:
                - name: api
                  image: registry.example/videokit-api:03d5aeb0
                  env:
                    - name: MODE
                      value: fast
                - name: sidecar
                  image: envoy:1.30
        ---
        # Source: videokit/templates/hpa.yaml
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: videokit-api
        spec:
          maxReplicas: 6
        """;

    private const string Revision41 = """
        ---
        # Source: videokit/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata:
          name: videokit-api-db
        type: Opaque
        data:
          password: c2VjcmV0LTQx
          token: dG9rZW4=
        ---
        # Source: videokit/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: videokit-api
          labels:
            app.kubernetes.io/instance: videokit-api
            helm.sh/chart: videokit-0.1.0
        spec:
          replicas: 3
          template:
            metadata:
              annotations:
                checksum/config: bbb
            spec:
              containers:
                - name: sidecar
                  image: envoy:1.30
                - name: api
                  image: registry.example/videokit-api:44f1639
                  env:
                    - name: MODE
                      value: fast
        ---
        # Source: videokit/templates/configmap.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: videokit-api-config
          namespace: videokit
        data:
          LOG_LEVEL: info
        """;

    [Fact]
    public void Videokit_AddedRemovedChanged()
    {
        var diff = ManifestDiff.Compare(Revision42, Revision41, "videokit");

        Assert.Equal(["ConfigMap videokit-api-config"], diff.Added.Select(o => $"{o.Key.Kind} {o.Key.Name}"));
        Assert.Equal(["HorizontalPodAutoscaler videokit-api"], diff.Removed.Select(o => $"{o.Key.Kind} {o.Key.Name}"));
        Assert.Equal(["Deployment", "Secret"], diff.Changed.Select(o => o.Key.Kind));
        Assert.Equal(0, diff.UnchangedCount);
        Assert.All(diff.Objects, o => Assert.Equal("videokit", o.Key.Namespace)); // defaulted to the release namespace
    }

    [Fact]
    public void ChangedFields_ArePathsWithOldAndNewValues_ListItemsMatchedByName()
    {
        var deployment = ManifestDiff.Compare(Revision42, Revision41, "videokit").Changed.Single(o => o.Key.Kind == "Deployment");

        Assert.Equal(
            [
                "spec.template.metadata.annotations[\"checksum/config\"]: aaa → bbb",
                "spec.template.spec.containers[name=api].image: registry.example/videokit-api:03d5aeb0 → registry.example/videokit-api:44f1639",
            ],
            deployment.Fields.Select(f => f.ToString()));
        Assert.Equal("apps/v1 Deployment videokit/videokit-api", deployment.Key.ToString());
    }

    [Fact]
    public void SecretValues_AreNeverShown()
    {
        var diff = ManifestDiff.Compare(Revision42, Revision41, "videokit");
        var secret = diff.Changed.Single(o => o.Key.Kind == "Secret");

        Assert.Equal(
            [
                "data.password: changed (secret value hidden)",
                "data.user: removed (secret value hidden)",
                "data.token: added (secret value hidden)",
            ],
            secret.Fields.Select(f => f.ToString()));
        Assert.All(secret.Fields, f => Assert.True(f.Hidden && f.OldValue is null && f.NewValue is null));
        var everything = string.Join("\n", diff.Objects.Select(o => o.ToString()));
        Assert.DoesNotContain("c2VjcmV0", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("dG9rZW4", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("YXBp", everything, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretStringData_AppearingAsAWholeMap_ListsKeysOnly()
    {
        const string a = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n";
        const string b = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  apiKey: hunter2\n";

        var fields = ManifestDiff.Compare(a, b).Changed.Single().Fields;

        Assert.Equal(["stringData.apiKey: added (secret value hidden)"], fields.Select(f => f.ToString()));
    }

    [Fact]
    public void ConfigMapData_IsShown()
    {
        const string a = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  LOG_LEVEL: info\n";
        const string b = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  LOG_LEVEL: debug\n";

        Assert.Equal(["data.LOG_LEVEL: info → debug"], ManifestDiff.Compare(a, b).Changed.Single().Fields.Select(f => f.ToString()));
    }

    [Fact]
    public void ListsWithoutNames_AreComparedByIndex_AddedItemsShownWhole()
    {
        const string a = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n";
        const string b = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 8080\n  - port: 9090\n    protocol: TCP\n";

        Assert.Equal(
            ["spec.ports[0].port: 80 → 8080", "spec.ports[1]: (absent) → {port: 9090, protocol: TCP}"],
            ManifestDiff.Compare(a, b).Changed.Single().Fields.Select(f => f.ToString()));
    }

    [Fact]
    public void IdenticalManifests_AreEmpty_CommentsAndEmptyDocumentsIgnored()
    {
        var diff = ManifestDiff.Compare(Revision42, "---\n---\n# only a comment\n" + Revision42, "videokit");

        Assert.True(diff.IsEmpty);
        Assert.Equal(3, diff.UnchangedCount);
    }

    [Fact]
    public void NullAndTilde_AreTheSameAsAbsent()
    {
        const string a = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: ~\n";
        const string b = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

        Assert.True(ManifestDiff.Compare(a, b).IsEmpty);
    }

    [Fact]
    public void EmptyManifests_AddOrRemoveEverything()
    {
        Assert.Equal(3, ManifestDiff.Compare(null, Revision42).Added.Count());
        Assert.Equal(3, ManifestDiff.Compare(Revision42, "").Removed.Count());
    }

    [Fact]
    public void InvalidYaml_IsAnInvalidDataError()
    {
        var ex = Assert.Throws<DrillException>(() => ManifestDiff.Compare("kind: [unclosed", Revision42));

        Assert.Equal(DrillErrorKind.InvalidData, ex.Kind);
    }

    [Fact]
    public void SameObjectTwice_IsAnError()
    {
        const string twice = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

        Assert.Throws<DrillException>(() => ManifestDiff.Compare(twice, ""));
    }
}

public class ManifestWorkloadsTests
{
    [Fact]
    public void ListsTheKindsKubectlRolloutStatusWatches_InManifestOrder()
    {
        const string manifest = """
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: data}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            """;

        var workloads = ManifestWorkloads.List(manifest, "videokit");

        Assert.Equal(["StatefulSet data/db", "Deployment videokit/api", "DaemonSet videokit/agent"], workloads.Select(w => $"{w.Kind} {w.Namespace}/{w.Name}"));
    }
}
