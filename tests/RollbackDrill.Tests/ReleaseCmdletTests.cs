using System.Management.Automation;
using System.Text.Json.Nodes;
using RollbackDrill.TestSupport;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>
/// Get-ReleaseRevision / Get-ReleaseStatus through a real PowerShell runspace, against a loopback Kubernetes API
/// stand-in that serves Helm records written the way Helm writes them (until the sandbox is on main).
/// </summary>
public sealed class ReleaseCmdletTests : IDisposable
{
    private readonly FakeKubeApi api = new();
    private readonly string kubeconfig;
    private readonly ModuleRunspace ps = new();

    public ReleaseCmdletTests()
    {
        foreach (var (name, last) in new[] { ("videokit-api", 42), ("videokit-worker", 18) })
        {
            for (var rev = 1; rev <= last; rev++)
            {
                var status = rev == last ? "deployed" : "superseded";
                api.Add("secrets", HelmRecords.Secret(name, "videokit", rev, status, HelmRecords.Payload(name, "videokit", rev, status, gzip: rev != 1)));
            }
        }

        api.Add("secrets", HelmRecords.Secret("billing", "payments", 3, "deployed", HelmRecords.Payload("billing", "payments", 3, "deployed")));
        api.Add("deployments", Workload("videokit-api", 3, 3));
        api.Add("deployments", Workload("videokit-worker", 2, 1));
        api.Add("pods", Pod("videokit-api-1", ready: true));
        api.Add("pods", Pod("videokit-api-2", ready: true));
        api.Add("namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "videokit" } });
        api.Add("namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "payments" } });
        kubeconfig = api.WriteKubeconfig("prod-eu-west-1-admin", "videokit");
    }

    public void Dispose()
    {
        ps.Dispose();
        api.Dispose();
    }

    [Fact]
    public void VideokitRevisions41And42()
    {
        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Revision 41,42 -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        Assert.Equal(2, r.Output.Count);
        Assert.All(r.Output, o =>
        {
            Assert.Equal("RollbackDrill.ReleaseRevision", o.BaseObject.GetType().FullName);
            Assert.Equal("videokit-0.1.0", o.Str("Chart"));
            Assert.Equal("1.0.0", o.Str("AppVersion"));
            Assert.Equal("videokit", o.Str("Namespace"));
            Assert.Equal("prod-eu-west-1-admin", o.Str("Context"));
        });
        Assert.Equal(["41", "42"], r.Output.Select(o => o.Str("Revision")!).ToArray());
        Assert.Equal(["superseded", "deployed"], r.Output.Select(o => o.Str("Status")!).ToArray());
        Assert.Equal(HelmRecords.Commit(42), r.Output[1].Str("GitCommit"));
        Assert.IsType<DateTimeOffset>(r.Output[1].Prop("Updated"));
    }

    [Fact]
    public void WildcardLastOneGivesOneObjectPerRelease()
    {
        var r = ps.Invoke("Get-ReleaseRevision videokit-* -Last 1 -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        Assert.Equal(["videokit-api:42", "videokit-worker:18"], r.Output.Select(o => o.ToString()).ToArray());
    }

    [Fact]
    public void BindsNamesByValueAndByPropertyName()
    {
        var byValue = ps.Invoke("'videokit-api', 'videokit-worker' | Get-ReleaseRevision -Last 1 -Kubeconfig $args[0]", kubeconfig);
        Assert.Equal(["videokit-api:42", "videokit-worker:18"], byValue.Output.Select(o => o.ToString()).ToArray());

        var byProperty = ps.Invoke(
            "[pscustomobject]@{ Name = 'billing'; Namespace = 'payments' } | Get-ReleaseRevision -Kubeconfig $args[0]", kubeconfig);
        Assert.Equal("billing:3", Assert.Single(byProperty.Output).ToString());

        // A status object carries Name, Namespace and Context: its history follows.
        var fromStatus = ps.Invoke("Get-ReleaseStatus videokit-worker -Kubeconfig $args[0] | Get-ReleaseRevision -Last 2 -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(fromStatus.AllErrors);
        Assert.Equal(["videokit-worker:17", "videokit-worker:18"], fromStatus.Output.Select(o => o.ToString()).ToArray());
    }

    [Fact]
    public void InputObjectRereadsTheSameRevisionWithValuesOnlyWhenAsked()
    {
        var plain = ps.Invoke("Get-ReleaseRevision videokit-api -Revision 41 -Kubeconfig $args[0] | Format-List * | Out-String -Width 300", kubeconfig);
        Assert.DoesNotContain(HelmRecords.SecretValue, string.Join("\n", plain.Output));

        var r = ps.Invoke(
            "$v = Get-ReleaseRevision videokit-api -Revision 41 -Kubeconfig $args[0] | Get-ReleaseRevision -IncludeValues -Kubeconfig $args[0]; " +
            "$v; $v | Out-String -Width 300; ($v | Format-Table | Out-String -Width 300); ($v | Format-List | Out-String -Width 300)",
            kubeconfig);
        Assert.Empty(r.AllErrors);
        var revision = r.Output[0];
        Assert.Equal("videokit-api:41", revision.ToString());
        var values = (System.Collections.Hashtable)revision.Prop("Values")!;
        Assert.Equal(HelmRecords.SecretValue, ((System.Collections.Hashtable)values["db"]!)["password"]);
        // Default views never show the values.
        Assert.DoesNotContain(HelmRecords.SecretValue, r.Output[1].ToString());
        Assert.DoesNotContain(HelmRecords.SecretValue, r.Output[2].ToString());
        Assert.DoesNotContain("Values", r.Output[3].ToString());
        Assert.Contains("ManifestDigest", r.Output[3].ToString());
    }

    [Fact]
    public void ACorruptRecordIsANonTerminatingErrorNamingTheSecretAndTheOthersFlow()
    {
        api.Add("secrets", HelmRecords.Secret("broken", "videokit", 1, "superseded", HelmRecords.Payload("broken", "videokit", 1, "superseded")));
        api.Add("secrets", HelmRecords.Secret("broken", "videokit", 2, "superseded", "H4sIAAAAAAAA/////garbage"));
        api.Add("secrets", HelmRecords.Secret("broken", "videokit", 3, "failed", HelmRecords.Encode("{\"name\":\"broken\",")));
        api.Add("secrets", HelmRecords.Secret("broken", "videokit", 4, "deployed", HelmRecords.Payload("broken", "videokit", 4, "deployed")));
        var r = ps.Invoke("Get-ReleaseRevision broken -Kubeconfig $args[0]; 'after'", kubeconfig);
        Assert.Null(r.Terminating);
        Assert.Equal(["broken:1", "broken:4", "after"], r.Output.Select(o => o.ToString()).ToArray());
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.Equal("ReleaseRecordCorrupt,RollbackDrill.Commands.GetReleaseRevisionCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        });
        Assert.Contains("Secret videokit/sh.helm.release.v1.broken.v2", r.Errors[0].Exception.Message);
        Assert.Contains("Secret videokit/sh.helm.release.v1.broken.v3", r.Errors[1].Exception.Message);
    }

    [Fact]
    public void UnknownReleaseIsReleaseNotFoundNamingTheNamespaceAndTheRestContinues()
    {
        var r = ps.Invoke("'nope', 'videokit-api' | Get-ReleaseRevision -Last 1 -Kubeconfig $args[0]", kubeconfig);
        Assert.Null(r.Terminating);
        Assert.Equal("videokit-api:42", Assert.Single(r.Output).ToString());
        var e = Assert.Single(r.Errors);
        Assert.Equal("ReleaseNotFound,RollbackDrill.Commands.GetReleaseRevisionCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("nope", e.TargetObject);
        Assert.Contains("namespace 'videokit'", e.Exception.Message);
    }

    [Fact]
    public void NoAccessIsPermissionDeniedWithTheRbacNeeded()
    {
        api.Deny("/api/v1/namespaces/videokit/secrets");
        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.Output);
        var e = Assert.Single(r.AllErrors);
        Assert.Null(r.Terminating);
        Assert.Equal("PermissionDenied,RollbackDrill.Commands.GetReleaseRevisionCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
        Assert.Contains("list secrets in namespace videokit", e.Exception.Message);
        Assert.Contains("list secrets", e.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("fake-token", e.Exception.Message);
    }

    [Fact]
    public void AllNamespacesAndStatusFilter()
    {
        var r = ps.Invoke("Get-ReleaseRevision -AllNamespaces -Status deployed -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        Assert.Equal(["payments/billing:3", "videokit/videokit-api:42", "videokit/videokit-worker:18"], r.Output.Select(o => $"{o.Str("Namespace")}/{o}").ToArray());
        Assert.Contains(api.Requests, q => q.StartsWith("/api/v1/secrets?", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigMapDriverFromParameterOrHelmDriver()
    {
        api.Add("configmaps", HelmRecords.ConfigMap("legacy", "videokit", 2, "deployed", HelmRecords.Payload("legacy", "videokit", 2, "deployed", gzip: false)));
        var r = ps.Invoke("Get-ReleaseRevision legacy -StorageDriver ConfigMap -Kubeconfig $args[0]", kubeconfig);
        Assert.Equal("ConfigMap", Assert.Single(r.Output).Str("StorageDriver"));
        var env = ps.Invoke("$env:HELM_DRIVER = 'configmap'; try { Get-ReleaseRevision legacy -Kubeconfig $args[0] } finally { $env:HELM_DRIVER = $null }", kubeconfig);
        Assert.Equal("legacy:2", Assert.Single(env.Output).ToString());
    }

    [Fact]
    public void ProgressEndsWithACompletedRecord()
    {
        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Kubeconfig $args[0] -Verbose", kubeconfig);
        Assert.Equal(42, r.Output.Count);
        Assert.Contains(r.Verbose, v => v.StartsWith("Get-ReleaseRevision: 42 object(s), 0 error(s) in ", StringComparison.Ordinal));
        Assert.NotEmpty(r.Progress);
        Assert.Equal(ProgressRecordType.Completed, r.Progress[^1].RecordType);
    }

    [Fact]
    public void DefaultTableReadsLikeTheDrillReport()
    {
        var r = ps.Invoke("Get-ReleaseRevision videokit-api -Revision 41,42 -Kubeconfig $args[0] | Out-String -Width 250", kubeconfig);
        var text = string.Join("\n", r.Output);
        foreach (var header in new[] { "Release", "Revision", "Chart", "AppVersion", "GitCommit", "Status" })
        {
            Assert.Contains(header, text);
        }

        Assert.Matches(@"videokit-api\s+42\s+videokit-0\.1\.0\s+1\.0\.0\s+" + HelmRecords.Commit(42) + @"\s+deployed", text);
        Assert.Matches(@"videokit-api\s+41\s+videokit-0\.1\.0\s+1\.0\.0\s+" + HelmRecords.Commit(41) + @"\s+superseded", text);
    }

    [Fact]
    public void StatusShowsCurrentRevisionWorkloadsAndPods()
    {
        var r = ps.Invoke("Get-ReleaseStatus videokit-* -IncludePods -Kubeconfig $args[0]", kubeconfig);
        Assert.Empty(r.AllErrors);
        Assert.Equal(2, r.Output.Count);
        var apiStatus = r.Output[0];
        Assert.Equal("RollbackDrill.ReleaseStatus", apiStatus.BaseObject.GetType().FullName);
        Assert.Equal(("videokit-api", "42", "deployed", "videokit-0.1.0", "1.0.0"),
            (apiStatus.Str("Name"), apiStatus.Str("Revision"), apiStatus.Str("Status"), apiStatus.Str("Chart"), apiStatus.Str("AppVersion")));
        Assert.Equal("03d5aeb0", apiStatus.Str("GitCommit")); // live pod template label
        Assert.Equal(true, apiStatus.Prop("WorkloadsReady"));
        Assert.Equal(2, ((System.Collections.ICollection)apiStatus.Prop("Pods")!).Count);
        Assert.Equal(false, r.Output[1].Prop("WorkloadsReady")); // worker: 1 of 2 ready

        var table = string.Join("\n", ps.Invoke("Get-ReleaseStatus videokit-api -Kubeconfig $args[0] | Out-String -Width 250", kubeconfig).Output);
        Assert.Matches(@"videokit-api\s+42\s+videokit-0\.1\.0\s+1\.0\.0\s+03d5aeb0\s+deployed\s+1/1 ready\s+2/2 ready", table);
        var pods = string.Join("\n", ps.Invoke("(Get-ReleaseStatus videokit-api -IncludePods -Kubeconfig $args[0]).Pods | Out-String -Width 250", kubeconfig).Output);
        Assert.Matches(@"videokit-api-1\s+1/1\s+Running\s+0\s+\d+d", pods);
    }

    [Fact]
    public void StatusOfUnknownReleaseIsReleaseNotFound()
    {
        var r = ps.Invoke("Get-ReleaseStatus nope -Namespace payments -Kubeconfig $args[0]", kubeconfig);
        var e = Assert.Single(r.Errors);
        Assert.Equal("ReleaseNotFound,RollbackDrill.Commands.GetReleaseStatusCommand", e.FullyQualifiedErrorId);
        Assert.Contains("namespace 'payments'", e.Exception.Message);
    }

    [Fact]
    public void CompletesReleaseNamesNamespacesAndStatuses()
    {
        string[] Complete(string script) => ps.Invoke(
            "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", script)
            .Output.Select(o => o.ToString()).Order().ToArray();

        Assert.Equal(["videokit-api", "videokit-worker"], Complete($"Get-ReleaseRevision -Kubeconfig '{kubeconfig}' -Name videokit-"));
        Assert.Equal(["billing"], Complete($"Get-ReleaseStatus -Kubeconfig '{kubeconfig}' -Namespace payments -Name b"));
        Assert.Equal(["payments"], Complete($"Get-ReleaseRevision -Kubeconfig '{kubeconfig}' -Namespace pay"));
        Assert.Equal(["pending-install", "pending-rollback", "pending-upgrade"], Complete($"Get-ReleaseRevision -Status pend"));
    }

    [Fact]
    public void CompletionAgainstAnUnreachableClusterGivesNothingQuickly()
    {
        string dead;
        using (var gone = new FakeKubeApi())
        {
            dead = gone.WriteKubeconfig("dead");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = ps.Invoke(
            "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText",
            $"Get-ReleaseRevision -Kubeconfig '{dead}' -Name vid");
        Assert.Empty(r.AllErrors);
        Assert.DoesNotContain(r.Output, o => o.ToString().StartsWith("videokit", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    private static JsonObject Workload(string name, int replicas, int ready) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"@NAME","namespace":"videokit","generation":2,"labels":{"app.kubernetes.io/instance":"@NAME"},
           "annotations":{"deployment.kubernetes.io/revision":"12"}},
         "spec":{"replicas":@REPLICAS,"template":{"metadata":{"labels":{"app.kubernetes.io/instance":"@NAME","git-commit":"03d5aeb0"}},
           "spec":{"containers":[{"name":"app","image":"registry.example.com/videokit/@NAME:1.0.0"}]}}},
         "status":{"observedGeneration":2,"replicas":@REPLICAS,"updatedReplicas":@REPLICAS,"readyReplicas":@READY,"availableReplicas":@READY}}
        """.Replace("@NAME", name, StringComparison.Ordinal).Replace("@REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@READY", ready.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject();

    private static JsonObject Pod(string name, bool ready) => JsonNode.Parse("""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"@NAME","namespace":"videokit","creationTimestamp":"2024-11-18T09:00:00Z","labels":{"app.kubernetes.io/instance":"videokit-api"}},
         "spec":{"nodeName":"node-a","containers":[{"name":"app","image":"registry.example.com/videokit/videokit-api:1.0.0"}]},
         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"@CONDITION"}],
           "containerStatuses":[{"name":"app","ready":@BOOL,"restartCount":0,"image":"x","imageID":""}]}}
        """.Replace("@NAME", name, StringComparison.Ordinal).Replace("@CONDITION", ready ? "True" : "False", StringComparison.Ordinal)
            .Replace("@BOOL", ready ? "true" : "false", StringComparison.Ordinal))!.AsObject();
}
