using System.Management.Automation;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Get-ReleaseRevision / Get-ReleaseStatus against the sandbox cluster running seed 003's videokit scenario.</summary>
public sealed class ReleaseSandboxTests : IDisposable
{
    private readonly ModuleRunspace ps = new();
    private readonly string name = "rel-" + Guid.NewGuid().ToString("n")[..8];
    private string kubeconfig = string.Empty;
    private Uri server = new("http://127.0.0.1/");

    private static string Videokit => Path.Combine(RepoPaths.Root, "examples", "sandbox", "videokit.yaml");

    public void Dispose()
    {
        ps.Invoke("Stop-DrillSandbox -Name $args[0] -ErrorAction Ignore", name);
        ps.Dispose();
    }

    [Fact]
    public void VideokitScenarioYieldsRevisions41And42OfVideokitApi()
    {
        Start(Videokit);
        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Revision 41, 42 -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        Assert.Equal(["41", "42"], r.Output.Select(o => o.Str("Revision")!).ToArray());
        Assert.Equal(["superseded", "deployed"], r.Output.Select(o => o.Str("Status")!).ToArray());
        Assert.All(r.Output, o =>
        {
            Assert.Equal("videokit-0.1.0", o.Str("Chart"));
            Assert.Equal("1.0.0", o.Str("AppVersion"));
            Assert.Equal(name, o.Str("Context"));
        });
        Assert.Equal(["44f1639", "03d5aeb0"], r.Output.Select(o => o.Str("GitCommit")!).ToArray());
        Assert.NotEqual(r.Output[0].Str("ManifestDigest"), r.Output[1].Str("ManifestDigest"));

        // The seed's values hold passwords: not in the object, not in any default view.
        var text = string.Join("\n", ps.Invoke("Get-ReleaseRevision videokit-api -Last 1 -Kubeconfig $args[0] | Format-List | Out-String -Width 300", kubeconfig).Output);
        Assert.DoesNotContain("do-not-print", text);
    }

    [Fact]
    public void LastOnePerReleaseWithWildcard()
    {
        Start(Videokit);
        var r = ps.Invoke("Get-ReleaseRevision videokit-* -Last 1 -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        Assert.Equal(["videokit-api:42", "videokit-worker:18"], r.Output.Select(o => o.ToString()).ToArray());
    }

    [Fact]
    public async Task ACorruptRecordInTheClusterIsAnErrorAndTheOtherRevisionsFlow()
    {
        Start(Videokit);
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = "sh.helm.release.v1.videokit-api.v43",
                ["namespace"] = "videokit",
                ["labels"] = new JsonObject { ["name"] = "videokit-api", ["owner"] = "helm", ["status"] = "failed", ["version"] = "43" },
            },
            ["type"] = "helm.sh/release.v1",
            ["data"] = new JsonObject { ["release"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("H4sI-this-is-not-base64!")) },
        };
        using (var http = new HttpClient())
        {
            var created = await http.PostAsync(new Uri(server, "/api/v1/namespaces/videokit/secrets"), JsonContent.Create(secret));
            Assert.True(created.IsSuccessStatusCode, $"sandbox refused the secret: {(int)created.StatusCode}");
        }

        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Last 3 -Kubeconfig $args[0]; 'after'", kubeconfig);
        Assert.Null(r.Terminating);
        Assert.Equal(["videokit-api:41", "videokit-api:42", "after"], r.Output.Select(o => o.ToString()).ToArray());
        var e = Assert.Single(r.Errors);
        Assert.Equal("ReleaseRecordCorrupt,RollbackDrill.Commands.GetReleaseRevisionCommand", e.FullyQualifiedErrorId);
        Assert.Contains("Secret videokit/sh.helm.release.v1.videokit-api.v43", e.Exception.Message);
    }

    [Fact]
    public void UnknownReleaseIsReleaseNotFoundNamingTheNamespace()
    {
        Start(Videokit);
        var r = ps.Invoke("Get-ReleaseRevision videokit-nope -Kubeconfig $args[0]; Get-ReleaseStatus videokit-nope -Kubeconfig $args[0]", kubeconfig);
        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.StartsWith("ReleaseNotFound,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Contains("namespace 'videokit'", e.Exception.Message);
        });
    }

    [Fact]
    public void ForbiddenSecretsArePermissionDenied()
    {
        var scenario = Path.Combine(Directory.CreateTempSubdirectory("rbd-403-").FullName, "forbidden.yaml");
        File.WriteAllText(scenario, """
            apiVersion: sandbox.rollbackdrill.io/v1
            kind: Scenario
            metadata: {name: forbidden}
            spec:
              namespaces: [videokit]
              releases:
                - name: videokit-api
                  namespace: videokit
                  chart: {name: videokit, version: 0.1.0, appVersion: 1.0.0}
                  image: registry.example.com/videokit/api
                  revisions: {count: 3}
              faults:
                - {type: error, status: 403, path: /secrets, verb: GET}
            """);
        Start(scenario);
        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.Output);
        var e = Assert.Single(r.AllErrors);
        Assert.Null(r.Terminating);
        Assert.Equal("PermissionDenied,RollbackDrill.Commands.GetReleaseRevisionCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
        Assert.Contains("list secrets in namespace videokit", e.Exception.Message);
    }

    [Fact]
    public void StatusShowsTheBeforeRowWithTheReleasesWorkloads()
    {
        // The sandbox on main runs no controllers yet (no pods, no status counters): readiness and pods are
        // covered against the loopback fake in ReleaseCmdletTests; here: the row and the labelled workloads.
        Start(Videokit);
        var r = ps.Invoke("Get-ReleaseStatus videokit-api -IncludePods -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        var status = r.One("RollbackDrill.ReleaseStatus");
        Assert.Equal(("42", "deployed", "videokit-0.1.0", "1.0.0", "03d5aeb0"),
            (status.Str("Revision"), status.Str("Status"), status.Str("Chart"), status.Str("AppVersion"), status.Str("GitCommit")));
        var workload = Assert.Single((IEnumerable<object>)status.Prop("Workloads")!).ToString();
        Assert.StartsWith("Deployment/videokit-api ", workload);
        Assert.EndsWith("/3", workload);
        Assert.Equal(["registry.example.com/videokit/api:03d5aeb0"], ((IEnumerable<string>)status.Prop("Images")!).ToArray());

        var table = string.Join("\n", ps.Invoke("Get-ReleaseStatus videokit-* -Kubeconfig $args[0] | Out-String -Width 250", kubeconfig).Output);
        Assert.Matches(@"videokit-api\s+42\s+videokit-0\.1\.0\s+1\.0\.0\s+03d5aeb0\s+deployed", table);
        Assert.Matches(@"videokit-worker\s+18\s+videokit-0\.1\.0\s+1\.0\.0\s+03d5aeb0\s+deployed", table);
    }

    private void Start(string scenario)
    {
        var r = ps.Invoke("Start-DrillSandbox $args[0] -Name $args[1]", scenario, name);
        Assert.Empty(r.AllErrors);
        var sandbox = r.One("RollbackDrill.DrillSandbox");
        kubeconfig = sandbox.Str("Kubeconfig")!;
        server = new Uri(sandbox.Str("Server")!);
    }
}
