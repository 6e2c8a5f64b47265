using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Tests;

public sealed class HelmKubectlTests
{
    [HelmKubectlFact]
    public async Task Kubectl_lists_helm_secrets_whose_release_decodes()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-helm-kubectl-");
        try
        {
            var cluster = SandboxCluster.Create();
            await using var _ = cluster;
            ScenarioLoader.Load(HelmTestPaths.Example("videokit.yaml")).ApplyTo(cluster);
            await cluster.StartAsync();
            var kubeconfig = cluster.WriteKubeconfig(Path.Combine(dir.FullName, "kubeconfig"));
            var r = await HelmKubectl.RunAsync("--kubeconfig", kubeconfig, "get", "secrets", "-n", "videokit", "-l", "owner=helm,name=videokit-api", "-o", "json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var items = JsonNode.Parse(r.Stdout)!["items"]!.AsArray();
            Assert.Equal(42, items.Count);
            var v42 = items.Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "sh.helm.release.v1.videokit-api.v42")!.AsObject();
            Assert.Equal("helm.sh/release.v1", v42["type"]!.GetValue<string>());
            var body = HelmReleaseCodec.DecodeRecord(v42);
            Assert.Equal((42, "deployed"), (body["version"]!.GetValue<int>(), body["info"]!["status"]!.GetValue<string>()));
            Assert.Contains("videokit/api:03d5aeb0", body["manifest"]!.GetValue<string>(), StringComparison.Ordinal);

            var dep = await HelmKubectl.RunAsync("--kubeconfig", kubeconfig, "get", "deploy", "-n", "videokit", "-l", "app.kubernetes.io/instance=videokit-api", "-o", "name");
            Assert.Equal((0, "deployment.apps/videokit-api\n"), (dep.ExitCode, dep.Stdout));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
