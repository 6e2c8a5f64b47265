using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class ScenarioManifestTests
{
    [Fact]
    public void Rendered_objects_carry_helm_chart_labels()
    {
        var s = ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml"));
        var api = s.Releases.Single(r => r.Name == "videokit-api");
        var objs = ManifestGenerator.Render(api, api.Revisions[41]);
        var (source, deploy) = objs.Single(o => o.Object["kind"]!.GetValue<string>() == "Deployment");
        Assert.Equal("videokit/templates/deployment.yaml", source);
        Assert.Equal("videokit-api", deploy["metadata"]!["name"]!.GetValue<string>());
        var labels = deploy["metadata"]!["labels"]!;
        Assert.Equal("videokit-api", labels["app.kubernetes.io/instance"]!.GetValue<string>());
        Assert.Equal("videokit", labels["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal("videokit-0.1.0", labels["helm.sh/chart"]!.GetValue<string>());
        Assert.Equal("Helm", labels["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Equal("registry.example.com/videokit/api:03d5aeb0", deploy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(3, deploy["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("1s", deploy["spec"]!["template"]!["metadata"]!["annotations"]!["sandbox.rollbackdrill.io/ready-after"]!.GetValue<string>());
        var svc = objs.Single(o => o.Object["kind"]!.GetValue<string>() == "Service").Object;
        Assert.Equal("videokit-api", svc["spec"]!["selector"]!["app.kubernetes.io/instance"]!.GetValue<string>());
    }

    [Fact]
    public void Manifest_text_round_trips_through_yaml_like_helm_stores_it()
    {
        var s = ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml"));
        var api = s.Releases.Single(r => r.Name == "videokit-api");
        var objs = ManifestGenerator.Render(api, api.Revisions[40]);
        var manifest = ManifestGenerator.ToManifest(objs);
        Assert.StartsWith("---\n# Source: videokit/templates/service.yaml\napiVersion: v1\nkind: Service\n", manifest, StringComparison.Ordinal);
        Assert.Contains("\n---\n# Source: videokit/templates/deployment.yaml\n", manifest, StringComparison.Ordinal);
        var parsed = YamlJson.ParseDocuments(manifest);
        Assert.Equal(objs.Count, parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(objs[i].Object, parsed[i]), $"document {i} differs:\n{parsed[i]}\nvs\n{objs[i].Object}");
        }
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1234567")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("a: b")]
    [InlineData("")]
    [InlineData("line1\nline2")]
    [InlineData("44f1639")]
    [InlineData("-leading")]
    public void Strings_survive_yaml_round_trip(string value)
    {
        var obj = new JsonObject { ["v"] = value, ["n"] = 3, ["b"] = false };
        var back = YamlJson.ParseDocuments(YamlJson.ToYaml(obj)).Single();
        Assert.Equal(value, back["v"]!.GetValue<string>());
        Assert.Equal(3, back["n"]!.GetValue<long>());
        Assert.False(back["b"]!.GetValue<bool>());
    }

    [Fact]
    public void Helm_ownership_metadata_added_on_apply()
    {
        var obj = new JsonObject { ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = "x" } };
        var owned = ManifestGenerator.WithHelmOwnership(obj, "videokit-api", "videokit");
        Assert.Equal("videokit", owned["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("videokit-api", owned["metadata"]!["annotations"]!["meta.helm.sh/release-name"]!.GetValue<string>());
        Assert.Equal("videokit", owned["metadata"]!["annotations"]!["meta.helm.sh/release-namespace"]!.GetValue<string>());
        Assert.Equal("Helm", owned["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Null(obj["metadata"]!["namespace"]); // the input is not modified
    }

    [Theory]
    [InlineData("videokit-api", "videokit", "videokit-api")]
    [InlineData("prod", "videokit", "prod-videokit")]
    public void Fullname_follows_helm_create_helpers(string release, string chart, string expected) =>
        Assert.Equal(expected, HelmNames.Fullname(release, chart));
}
