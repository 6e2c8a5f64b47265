using System.Text;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>Builds Helm 3 release bodies (helm pkg/release Release, Info, chart.Chart, chart.Metadata JSON
/// field names) so the sandbox's records decode like real ones.</summary>
public static class HelmReleaseBuilder
{
    /// <summary>A release JSON: name, info{first_deployed,last_deployed,deleted,description,status,notes},
    /// chart{metadata,lock,templates,values,schema,files}, config, manifest, version, namespace.</summary>
    public static JsonObject Build(string name, string @namespace, int version, string status, string description,
        DateTimeOffset firstDeployed, DateTimeOffset lastDeployed, string chartName, string chartVersion, string? appVersion,
        JsonObject config, string manifest, JsonObject? chartValues = null)
    {
        var metadata = new JsonObject
        {
            ["name"] = chartName,
            ["version"] = chartVersion,
            ["description"] = "A Helm chart for Kubernetes",
            ["apiVersion"] = "v2",
        };
        if (appVersion is not null)
        {
            metadata["appVersion"] = appVersion;
        }

        metadata["type"] = "application";
        var templates = new JsonArray();
        foreach (var t in new[] { "templates/_helpers.tpl", "templates/deployment.yaml", "templates/service.yaml", "templates/NOTES.txt" })
        {
            templates.Add(new JsonObject
            {
                ["name"] = t,
                // chart.File.Data is []byte: JSON-encoded by Go as base64.
                ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{{/* " + t + " of " + chartName + " */}}\n")),
            });
        }

        return new JsonObject
        {
            ["name"] = name,
            ["info"] = new JsonObject
            {
                ["first_deployed"] = HelmTime.Format(firstDeployed),
                ["last_deployed"] = HelmTime.Format(lastDeployed),
                ["deleted"] = string.Empty,
                ["description"] = description,
                ["status"] = status,
                ["notes"] = "1. Get the application URL by running these commands:\n  kubectl --namespace " + @namespace + " port-forward svc/" + name + " 8080:80\n",
            },
            ["chart"] = new JsonObject
            {
                ["metadata"] = metadata,
                ["lock"] = null,
                ["templates"] = templates,
                ["values"] = chartValues?.DeepClone() ?? new JsonObject { ["replicaCount"] = 1 },
                ["schema"] = null,
                ["files"] = new JsonArray(new JsonObject
                {
                    ["name"] = ".helmignore",
                    ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(".DS_Store\n.git/\n")),
                }),
            },
            ["config"] = config.DeepClone(),
            ["manifest"] = manifest,
            ["version"] = version,
            ["namespace"] = @namespace,
        };
    }

    /// <summary>Sets info.status (and optionally info.description) on a release body, as release.SetStatus does.</summary>
    public static void SetStatus(JsonObject release, string status, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        var info = release["info"] as JsonObject ?? [];
        release["info"] = info;
        info["status"] = status;
        if (description is not null)
        {
            info["description"] = description;
        }
    }
}
