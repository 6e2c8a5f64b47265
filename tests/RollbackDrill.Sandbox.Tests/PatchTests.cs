using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Http;

namespace RollbackDrill.Sandbox.Tests;

public sealed class PatchTests
{
    private static JsonObject Deployment() => JsonNode.Parse("""
        {"metadata":{"name":"web","annotations":{"a":"1","b":"2"}},
         "spec":{"replicas":2,"paused":true,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
           {"name":"web","image":"web:1","env":[{"name":"A","value":"1"}]},
           {"name":"sidecar","image":"side:1"}]}}}}
        """)!.AsObject();

    [Fact]
    public void MergePatch_Rfc7386_NullDeletesAndListsReplace()
    {
        var r = Patches.Apply("application/merge-patch+json", Deployment(),
            """{"metadata":{"annotations":{"a":null,"c":"3"}},"spec":{"template":{"spec":{"containers":[{"name":"only"}]}}}}""", null);
        Assert.Equal("""{"b":"2","c":"3"}""", r["metadata"]!["annotations"]!.ToJsonString());
        Assert.Single(r["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
    }

    [Fact]
    public void StrategicMerge_MergesContainersByName_AndIgnoresDirectives()
    {
        var r = Patches.Apply("application/strategic-merge-patch+json", Deployment(), """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
              "containers":[{"name":"web","image":"web:2"}]}}}}
            """, null);
        var containers = r["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("web:2", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("A", containers[0]!["env"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("side:1", containers[1]!["image"]!.GetValue<string>());
        Assert.Null(r["spec"]!["template"]!["spec"]!["$setElementOrder/containers"]);
    }

    [Fact]
    public void StrategicMerge_PatchDeleteAndReplaceDirectives()
    {
        var r = Patches.Apply("application/strategic-merge-patch+json", Deployment(),
            """{"spec":{"paused":null,"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}},"metadata":{"annotations":{"$patch":"replace","z":"9"}}}""", null);
        Assert.Null(r["spec"]!["paused"]);
        Assert.Single(r["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
        Assert.Equal("""{"z":"9"}""", r["metadata"]!["annotations"]!.ToJsonString());
    }

    [Fact]
    public void JsonPatch_Rfc6902_AsKubectlRolloutUndoSends()
    {
        var r = Patches.Apply("application/json-patch+json", Deployment(), """
            [{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:0"}]}}},
             {"op":"replace","path":"/metadata/annotations","value":{"x":"y"}},
             {"op":"add","path":"/metadata/labels","value":{"l":"v"}},
             {"op":"remove","path":"/spec/paused"},
             {"op":"test","path":"/spec/replicas","value":2}]
            """, null);
        Assert.Equal("web:0", r["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("""{"x":"y"}""", r["metadata"]!["annotations"]!.ToJsonString());
        Assert.Equal("v", r["metadata"]!["labels"]!["l"]!.GetValue<string>());
        Assert.False(r["spec"]!.AsObject().ContainsKey("paused"));
    }

    [Fact]
    public void JsonPatch_FailedTestOrMissingPath_Is422()
    {
        var ex = Assert.Throws<ApiException>(() => Patches.Apply("application/json-patch+json", Deployment(), """[{"op":"test","path":"/spec/replicas","value":3}]""", null));
        Assert.Equal(422, ex.Code);
        ex = Assert.Throws<ApiException>(() => Patches.Apply("application/json-patch+json", Deployment(), """[{"op":"remove","path":"/spec/nope"}]""", null));
        Assert.Equal(422, ex.Code);
    }

    [Fact]
    public void UnsupportedPatchType_Is415NamingIt()
    {
        var ex = Assert.Throws<ApiException>(() => Patches.Apply("application/apply-patch+yaml", Deployment(), "{}", null));
        Assert.Equal(415, ex.Code);
        Assert.Contains("server-side apply", ex.Message);
    }
}
