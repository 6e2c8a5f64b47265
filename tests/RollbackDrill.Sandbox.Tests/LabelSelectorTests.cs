using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Tests;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Labels = new() { ["app"] = "api", ["tier"] = "web", ["owner"] = "helm" };

    [Theory]
    [InlineData("app=api", true)]
    [InlineData("app==api", true)]
    [InlineData("app=worker", false)]
    [InlineData("app!=worker", true)]
    [InlineData("app!=api", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (api, worker)", true)]
    [InlineData("app in (worker)", false)]
    [InlineData("app notin (worker)", true)]
    [InlineData("app notin (api,worker)", false)]
    [InlineData("missing notin (a)", true)]
    [InlineData("tier", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!tier", false)]
    [InlineData("app=api,tier=web,owner", true)]
    [InlineData("app=api, tier in (db,cache)", false)]
    [InlineData("", true)]
    public void Matches_AsApimachinery(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in ()")]
    [InlineData("app in (a")]
    [InlineData("-bad=x")]
    [InlineData("app=in valid")]
    [InlineData("app within (a)")]
    public void Parse_BadSelector_Is400(string selector)
    {
        var ex = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, ex.Code);
        Assert.Equal("BadRequest", ex.Reason);
    }

    [Fact]
    public void FromJson_MatchLabelsAndExpressions()
    {
        var sel = LabelSelector.FromJson(JsonNode.Parse("""
            {"matchLabels":{"app":"api"},"matchExpressions":[{"key":"tier","operator":"In","values":["web","edge"]},{"key":"canary","operator":"DoesNotExist"}]}
            """)!.AsObject())!;
        Assert.True(sel.Matches(Labels));
        Assert.False(sel.Matches(new JsonObject { ["app"] = "api", ["tier"] = "web", ["canary"] = "1" }));
        Assert.Equal("app=api,tier in (web,edge),!canary", sel.ToString());
        Assert.Null(LabelSelector.FromJson(null));
    }

    [Fact]
    public void FieldSelector_NameNamespaceAndUnsupported()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"a","namespace":"n"},"type":"Opaque"}""")!.AsObject();
        Assert.True(FieldSelector.Parse("metadata.name=a", ResourceTypes.Secrets).Matches(obj));
        Assert.False(FieldSelector.Parse("metadata.name!=a", ResourceTypes.Secrets).Matches(obj));
        Assert.True(FieldSelector.Parse("metadata.namespace==n,type=Opaque", ResourceTypes.Secrets).Matches(obj));
        var ex = Assert.Throws<ApiException>(() => FieldSelector.Parse("spec.replicas=1", ResourceTypes.Deployments));
        Assert.Equal(400, ex.Code);
        Assert.Equal("field label not supported: spec.replicas", ex.Message);
    }
}
