using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Controllers;

/// <summary>
/// ControllerRevision history for StatefulSets and DaemonSets (pkg/controller/history): one revision per
/// distinct pod template, named &lt;owner&gt;-&lt;hash&gt;; an equal template re-uses its revision and moves it to
/// the next revision number.
/// </summary>
internal static class Revisions
{
    public const string HashLabel = "controller.kubernetes.io/hash";

    /// <summary>The owner's revisions, oldest first.</summary>
    public static List<JsonObject> Owned(ResourceStore store, JsonObject owner) =>
        J.Owned(store.List("controllerrevisions", J.Ns(owner)), owner).OrderBy(r => J.L(r["revision"])).ToList();

    /// <summary>Returns the revision for the owner's current template, creating or renumbering it when needed.</summary>
    public static JsonObject? Ensure(ResourceStore store, JsonObject owner, ResourceType ownerType, List<JsonObject> revisions, out bool changed)
    {
        changed = false;
        var template = owner["spec"]?["template"];
        var data = new JsonObject { ["spec"] = new JsonObject { ["template"] = TemplateData(template) } };
        var max = revisions.Select(r => J.L(r["revision"])).DefaultIfEmpty(0).Max();
        var equal = revisions.LastOrDefault(r => J.Canonical(r["data"]) == J.Canonical(data));
        if (equal is not null)
        {
            if (J.L(equal["revision"]) < max)
            {
                // history: an equivalent older revision becomes the newest.
                equal["revision"] = max + 1;
                store.Update("controllerrevisions", J.Ns(owner), equal);
                changed = true;
            }

            return equal;
        }

        var hash = J.ComputeHash(template);
        var labels = template?["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
        labels[HashLabel] = hash;
        var cr = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = J.Name(owner) + "-" + hash,
                ["labels"] = labels,
                ["ownerReferences"] = J.OwnerRef(owner, ownerType),
            },
            ["data"] = data,
            ["revision"] = max + 1,
        };
        changed = true;
        return store.Create("controllerrevisions", J.Ns(owner), cr);
    }

    /// <summary>Deletes the oldest revisions beyond revisionHistoryLimit that no pod or status uses.</summary>
    public static void Truncate(ResourceStore store, JsonObject owner, List<JsonObject> revisions, ISet<string> live)
    {
        var limit = J.L(owner["spec"]?["revisionHistoryLimit"], 10);
        var dead = revisions.Where(r => !live.Contains(J.Name(r))).ToList();
        for (var i = 0; i < dead.Count - limit; i++)
        {
            store.Delete("controllerrevisions", J.Ns(owner), J.Name(dead[i]));
        }
    }

    /// <summary>The template stored in a revision (the "$patch": "replace" directive removed).</summary>
    public static JsonObject? Template(JsonObject revision)
    {
        var t = revision["data"]?["spec"]?["template"]?.DeepClone() as JsonObject;
        t?.Remove("$patch");
        return t;
    }

    private static JsonObject TemplateData(JsonNode? template)
    {
        var t = template?.DeepClone() as JsonObject ?? [];
        t["$patch"] = "replace";
        return t;
    }
}
