using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Tests;

public sealed class StoreTests
{
    private static JsonObject Obj(string name, string? labels = null) =>
        JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}","labels":{{{labels ?? "{}"}}}},"data":{"k":"dg=="}}""")!.AsObject();

    private static JsonObject Deploy(string name, string image = "a:1") => JsonNode.Parse("""
        {"metadata":{"name":"NAME"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"x"}},
         "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"IMAGE"}]}}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void Create_SetsServerFields_AndKind()
    {
        var store = new ResourceStore();
        var d = store.Create("deployments", "ns", Deploy("web"));
        var meta = d["metadata"]!;
        Assert.Equal("Deployment", d["kind"]!.GetValue<string>());
        Assert.Equal("apps/v1", d["apiVersion"]!.GetValue<string>());
        Assert.True(Guid.TryParse(meta["uid"]!.GetValue<string>(), out _));
        Assert.Equal("1", meta["resourceVersion"]!.GetValue<string>());
        Assert.Equal(1, meta["generation"]!.GetValue<long>());
        Assert.Equal("ns", meta["namespace"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", meta["creationTimestamp"]!.GetValue<string>());
        Assert.Equal("{}", d["status"]!.ToJsonString());

        // API server defaulting.
        Assert.Equal("RollingUpdate", d["spec"]!["strategy"]!["type"]!.GetValue<string>());
        Assert.Equal(10, d["spec"]!["revisionHistoryLimit"]!.GetValue<long>());
        Assert.Equal(600, d["spec"]!["progressDeadlineSeconds"]!.GetValue<long>());
    }

    [Fact]
    public void Create_Twice_IsAlreadyExists409()
    {
        var store = new ResourceStore();
        store.Create("secrets", "ns", Obj("s"));
        var ex = Assert.Throws<ApiException>(() => store.Create("secrets", "ns", Obj("s")));
        Assert.Equal(409, ex.Code);
        Assert.Equal("AlreadyExists", ex.Reason);
        Assert.Equal("secrets \"s\" already exists", ex.Message);

        // Same name in another namespace is fine.
        store.Create("secrets", "other", Obj("s"));
    }

    [Fact]
    public void Update_StaleResourceVersion_IsConflict409_AndCurrentSucceeds()
    {
        var store = new ResourceStore();
        var created = store.Create("configmaps", "ns", Obj("c"));
        var first = (JsonObject)created.DeepClone();
        first["data"]!["k"] = "v2";
        var updated = store.Update("configmaps", "ns", first);
        Assert.NotEqual(created["metadata"]!["resourceVersion"]!.GetValue<string>(), updated["metadata"]!["resourceVersion"]!.GetValue<string>());

        var stale = (JsonObject)created.DeepClone();
        stale["data"]!["k"] = "v3";
        var ex = Assert.Throws<ApiException>(() => store.Update("configmaps", "ns", stale));
        Assert.Equal(409, ex.Code);
        Assert.Equal("Conflict", ex.Reason);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"c\": the object has been modified", ex.Message);
        Assert.Equal("v2", store.Get("configmaps", "ns", "c")!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Update_BumpsGenerationOnlyForSpec_AndKeepsStatus()
    {
        var store = new ResourceStore();
        var d = store.Create("deployments", "ns", Deploy("web"));
        d["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" };
        d = store.Update("deployments", "ns", d);
        Assert.Equal(1, d["metadata"]!["generation"]!.GetValue<long>());

        d["status"] = new JsonObject { ["replicas"] = 5 };
        d = store.UpdateStatus("deployments", "ns", d);
        Assert.Equal(1, d["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(5, d["status"]!["replicas"]!.GetValue<long>());

        d["spec"]!["replicas"] = 3;
        d["status"] = new JsonObject();
        d = store.Update("deployments", "ns", d);
        Assert.Equal(2, d["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(5, d["status"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public void Update_NoChange_KeepsResourceVersion_AndRaisesNoEvent()
    {
        var store = new ResourceStore();
        var c = store.Create("configmaps", "ns", Obj("c"));
        var events = 0;
        store.Changed += _ => events++;
        var same = store.Update("configmaps", "ns", c);
        Assert.Equal(c["metadata"]!["resourceVersion"]!.GetValue<string>(), same["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(0, events);
    }

    [Fact]
    public void List_FiltersByNamespaceAndLabels_SortedByName()
    {
        var store = new ResourceStore();
        store.Create("secrets", "a", Obj("z", """{"owner":"helm"}"""));
        store.Create("secrets", "a", Obj("b", """{"owner":"helm"}"""));
        store.Create("secrets", "a", Obj("m", """{"owner":"me"}"""));
        store.Create("secrets", "b", Obj("x", """{"owner":"helm"}"""));
        Assert.Equal(["b", "z"], store.List("secrets", "a", "owner=helm").Select(s => s["metadata"]!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal(3, store.List("secrets", null, "owner=helm").Count);
        Assert.Equal(4, store.List("secrets", null).Count);
    }

    [Fact]
    public void Changed_ReportsEachWrite_WithCopies()
    {
        var store = new ResourceStore();
        var seen = new List<WatchEvent>();
        store.Changed += seen.Add;
        var c = store.Create("configmaps", "ns", Obj("c"));
        c["data"]!["k"] = "x";
        store.Update("configmaps", "ns", c);
        store.Delete("configmaps", "ns", "c");
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], seen.Select(e => e.Type).ToArray());
        Assert.All(seen, e => Assert.Equal("configmaps", e.Resource));
        Assert.Equal([1L, 2L, 3L], seen.Select(e => e.ResourceVersion).ToArray());
        seen[0].Object["data"]!["k"] = "mutated";
        Assert.Null(store.Get("configmaps", "ns", "c"));
        Assert.False(store.Delete("configmaps", "ns", "c"));
    }

    [Fact]
    public void Delete_CascadesToDependents_ByOwnerReferences()
    {
        var store = new ResourceStore();
        var d = store.Create("deployments", "ns", Deploy("web"));
        var rs = store.Create("replicasets", "ns", JsonNode.Parse("""
            {"metadata":{"name":"web-1","ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"UID","controller":true}]},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"a"}]}}}}
            """.Replace("UID", d["metadata"]!["uid"]!.GetValue<string>(), StringComparison.Ordinal))!.AsObject());
        store.Create("pods", "ns", JsonNode.Parse($$$"""
            {"metadata":{"name":"web-1-abcde","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"{{{rs["metadata"]!["uid"]}}}","controller":true}]},
             "spec":{"containers":[{"name":"c","image":"a"}]}}
            """)!.AsObject());
        store.Create("pods", "ns", JsonNode.Parse("""{"metadata":{"name":"unrelated"},"spec":{"containers":[{"name":"c","image":"a"}]}}""")!.AsObject());
        Assert.True(store.Delete("deployments", "ns", "web"));
        Assert.Empty(store.List("replicasets", "ns"));
        Assert.Equal(["unrelated"], store.List("pods", "ns").Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public void Watch_ResumeWithinHistory_Replays_AndTooOld_IsGone410()
    {
        var store = new ResourceStore(watchHistoryLimit: 3);
        for (var i = 0; i < 5; i++)
        {
            store.Create("configmaps", "ns", Obj("c" + i));
        }

        Assert.Equal(5, store.CurrentResourceVersion);
        using (var sub = store.Subscribe(3))
        {
            var replay = new List<long>();
            while (sub.Channel.Reader.TryRead(out var e))
            {
                replay.Add(e.Rv);
            }

            Assert.Equal([4L, 5L], replay);
        }

        var ex = Assert.Throws<ApiException>(() => store.Subscribe(1));
        Assert.Equal(410, ex.Code);
        Assert.Equal("Expired", ex.Reason);
        Assert.Equal("too old resource version: 1 (3)", ex.Message);
    }

    [Fact]
    public void UnknownResource_Is404_AndMissingName_Is422()
    {
        var store = new ResourceStore();
        Assert.Equal(404, Assert.Throws<ApiException>(() => store.Get("widgets", "ns", "w")).Code);
        var ex = Assert.Throws<ApiException>(() => store.Create("secrets", "ns", new JsonObject { ["metadata"] = new JsonObject() }));
        Assert.Equal(422, ex.Code);
        Assert.Equal("Invalid", ex.Reason);
    }

    [Fact]
    public void GenerateName_GetsRandomSuffix()
    {
        var store = new ResourceStore();
        var p = store.Create("pods", "ns", JsonNode.Parse("""{"metadata":{"generateName":"web-"},"spec":{"containers":[]}}""")!.AsObject());
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", p["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void List_OfThousandsOfSecrets_IsFast()
    {
        var store = new ResourceStore();
        var payload = new string('A', 4000);
        for (var i = 0; i < 4000; i++)
        {
            store.Create("secrets", "ns", JsonNode.Parse($$$"""{"metadata":{"name":"s{{{i:D5}}}","labels":{"owner":"helm"}},"data":{"release":"{{{payload}}}"}}""")!.AsObject());
        }

        var sw = System.Diagnostics.Stopwatch.StartNew();
        var entries = store.ListEntries("secrets", "ns", LabelSelector.Parse("owner=helm"), null, out _);
        Assert.Equal(4000, entries.Count);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"listing 4000 secrets took {sw.Elapsed}");
    }

    [Fact]
    public void Create_WorkloadWhoseSelectorMissesTemplateLabels_IsInvalid422()
    {
        var store = new ResourceStore();
        var d = Deploy("web");
        d["spec"]!["selector"]!["matchLabels"]!["app"] = "other";
        var ex = Assert.Throws<ApiException>(() => store.Create("deployments", "ns", d));
        Assert.Equal(422, ex.Code);
        Assert.Equal("Invalid", ex.Reason);
        Assert.StartsWith("Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value:", ex.Message);
        Assert.Empty(store.List("deployments", "ns"));
    }
}
