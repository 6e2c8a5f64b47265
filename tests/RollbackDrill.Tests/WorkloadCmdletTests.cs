using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>
/// Wait-ReleaseReady, Set-WorkloadScale and Undo-WorkloadRollout through a real PowerShell runspace against the
/// sandbox cluster (real HTTP, watches, simulated deployment controller and kubelet).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the fields through IAsyncLifetime.DisposeAsync.")]
public sealed class WorkloadCmdletTests : IAsyncLifetime
{
    private WorkloadSandbox sandbox = null!;
    private ModuleRunspace ps = null!;

    private string K => sandbox.Kubeconfig;

    public async Task InitializeAsync()
    {
        sandbox = await WorkloadSandbox.StartAsync();
        ps = new ModuleRunspace();
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task WaitReleaseReadyReturnsEachWorkloadsReadyTime()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 2, "videokit:44f1639", readyAfter: "700ms");
        await sandbox.CreateDeploymentAsync("videokit-api-jobs", "videokit-api", 1, "videokit:44f1639", readyAfter: "200ms");
        await sandbox.CreateDeploymentAsync("videokit-worker", "videokit-worker", 1, "videokit:44f1639");

        var r = ps.Invoke("Wait-ReleaseReady videokit-api -Kubeconfig $args[0] -Timeout 30", K);
        Assert.Empty(r.AllErrors);
        var result = r.One("RollbackDrill.ReadinessResult");
        Assert.True(result.Prop("Succeeded") is true, result.Str("Message"));
        Assert.Equal("videokit-api", result.Str("Release"));
        Assert.Equal(WorkloadSandbox.Context, result.Str("Context"));
        var workloads = ((System.Collections.IEnumerable)result.Prop("Workloads")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Equal(["videokit-api", "videokit-api-jobs"], workloads.Select(w => w.Str("Name")));
        Assert.All(workloads, w =>
        {
            Assert.True(w.Prop("Ready") is true);
            Assert.Equal("Deployment", w.Str("Kind"));
            Assert.Equal($"deployment \"{w.Str("Name")}\" successfully rolled out", w.Str("Message"));
            var readyAt = (DateTimeOffset)w.Prop("ReadyAt")!;
            Assert.InRange(readyAt, (DateTimeOffset)result.Prop("StartedAt")!, (DateTimeOffset)result.Prop("CompletedAt")!);
        });
        Assert.Equal(2, (int)workloads[0].Prop("AvailableReplicas")!);
        Assert.True((DateTimeOffset)workloads[1].Prop("ReadyAt")! < (DateTimeOffset)workloads[0].Prop("ReadyAt")!, "the 200ms workload is ready before the 700ms one");

        // A progress bar per workload with counters, every one finished with a Completed record.
        Assert.Contains(r.Progress, p => p.Activity == "deployment/videokit-api" && p.StatusDescription.Contains("updated", StringComparison.Ordinal));
        foreach (var id in r.Progress.Select(p => p.ActivityId).Distinct())
        {
            Assert.Equal(ProgressRecordType.Completed, r.Progress.Last(p => p.ActivityId == id).RecordType);
        }
    }

    [Fact]
    public async Task TakesReleasesAndWorkloadsFromThePipelineByPropertyName()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 1, "videokit:1");
        await sandbox.CreateDeploymentAsync("videokit-worker", "videokit-worker", 1, "videokit:1");
        var releases = ps.Invoke(
            "@([pscustomobject]@{ Name = 'videokit-api'; Namespace = 'videokit'; Context = $args[1] }, " +
            " [pscustomobject]@{ Name = 'videokit-api'; Namespace = 'videokit'; Context = $args[1] }, " +
            " [pscustomobject]@{ Name = 'videokit-worker'; Namespace = 'videokit'; Context = $args[1] }) | Wait-ReleaseReady -Kubeconfig $args[0] -Timeout 30",
            K,
            WorkloadSandbox.Context);
        Assert.Empty(releases.AllErrors);
        Assert.Equal(["videokit-api", "videokit-worker"], releases.Output.Select(o => o.Str("Release")));

        var workloads = ps.Invoke("[pscustomobject]@{ Kind = 'deploy'; Name = 'videokit-worker' } | Wait-ReleaseReady -Kubeconfig $args[0] -Timeout 30", K);
        var result = workloads.One("RollbackDrill.ReadinessResult");
        Assert.True(result.Prop("Succeeded") is true, result.Str("Message"));
        Assert.Null(result.Prop("Release"));

        // How each form of input binds: release (R) or workload (W).
        string Bound(string script)
        {
            var r = ps.Invoke(script + " -Kubeconfig $args[0] -Timeout 30", K);
            Assert.Empty(r.AllErrors);
            return string.Join(",", r.Output.Select(o => o.Prop("Release") is null ? "W" : "R"));
        }

        Assert.Equal("R", Bound("Wait-ReleaseReady videokit-api"));
        Assert.Equal("R", Bound("Wait-ReleaseReady -Name videokit-api"));
        Assert.Equal("R", Bound("'videokit-api' | Wait-ReleaseReady"));
        Assert.Equal("R,W", Bound("[pscustomobject]@{ Name = 'videokit-api' }, [pscustomobject]@{ Name = 'videokit-api'; Kind = 'Deployment' } | Wait-ReleaseReady"));
        Assert.Equal("W", Bound("Wait-ReleaseReady -Kind Deployment -Name videokit-api"));
    }

    [Fact]
    public async Task ProgressDeadlineExceededFailsBeforeTheTimeoutNamingTheWorkload()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 2, "videokit:bad", neverReady: true, progressDeadlineSeconds: 2);
        var sw = Stopwatch.StartNew();
        var r = ps.Invoke("Wait-ReleaseReady videokit-api -Kubeconfig $args[0] -Timeout 60", K);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
        var result = r.One("RollbackDrill.ReadinessResult");
        Assert.True(result.Prop("Succeeded") is false);
        Assert.True(result.Prop("TimedOut") is false);
        var err = Assert.Single(r.Errors);
        Assert.Equal("WorkloadRolloutFailed,RollbackDrill.Commands.WaitReleaseReadyCommand", err.FullyQualifiedErrorId);
        Assert.Equal("videokit-api", err.TargetObject);
        Assert.Contains("deployment \"videokit-api\" exceeded its progress deadline", err.Exception.Message);
        Assert.Contains("2/2 updated, 0 ready, 0 available", err.Exception.Message);
    }

    [Fact]
    public async Task DeadlineFirstIsATimeoutWithTheCounters()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 2, "videokit:bad", neverReady: true);
        var r = ps.Invoke("Wait-ReleaseReady videokit-api -Kubeconfig $args[0] -Timeout 2s", K);
        var result = r.One("RollbackDrill.ReadinessResult");
        Assert.True(result.Prop("TimedOut") is true);
        var err = Assert.Single(r.Errors);
        Assert.StartsWith("WorkloadReadinessTimeout,", err.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, err.CategoryInfo.Category);
        Assert.Contains("Timed out after 2s", err.Exception.Message);
        Assert.Contains("videokit-api", err.Exception.Message);
    }

    [Fact]
    public async Task ReadyMomentIsNotMissedWhenTheWatchIsDropped()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 1, "videokit:1", readyAfter: "1500ms");
        var run = Task.Run(() => ps.Invoke("Wait-ReleaseReady videokit-api -Kubeconfig $args[0] -Timeout 30", K));
        await Task.Delay(700);
        sandbox.DropWatches();
        var r = await run;
        var result = r.One("RollbackDrill.ReadinessResult");
        Assert.True(result.Prop("Succeeded") is true, result.Str("Message"));
        Assert.True((int)result.Prop("WatchReconnects")! >= 1);
    }

    [Fact]
    public async Task UnknownReleaseIsAnErrorNotReady()
    {
        var r = ps.Invoke("Wait-ReleaseReady no-such-release -Kubeconfig $args[0] -Timeout 10", K);
        var err = Assert.Single(r.Errors);
        Assert.StartsWith("ReleaseHasNoWorkloads,", err.FullyQualifiedErrorId);
        Assert.Contains("app.kubernetes.io/instance=no-such-release", err.Exception.Message);
        Assert.True(r.One("RollbackDrill.ReadinessResult").Prop("Succeeded") is false);
    }

    [Fact]
    public async Task CtrlCStopsTheWaitWithinOneSecond()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 1, "videokit:bad", neverReady: true);
        var iss = InitialSessionState.CreateDefault2();
        using var rs = RunspaceFactory.CreateRunspace(iss);
        rs.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = rs;
        shell.AddScript("Import-Module $args[0]; Wait-ReleaseReady videokit-api -Kubeconfig $args[1] -Timeout 60").AddArgument(RepoPaths.Manifest).AddArgument(K);
        var async = shell.BeginInvoke();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (shell.Streams.Progress.Count == 0)
        {
            Assert.True(DateTime.UtcNow < until && !async.IsCompleted, "the wait never started: " + string.Join("; ", shell.Streams.Error.Select(e => e.ToString())));
            await Task.Delay(20);
        }

        var sw = Stopwatch.StartNew();
        shell.Stop();
        Assert.True(async.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {sw.Elapsed}");
        // Either the pipeline reports Stopped, or the partial result written as the stop landed says it was stopped.
        if (shell.InvocationStateInfo.State != PSInvocationState.Stopped)
        {
            Assert.Equal(PSInvocationState.Completed, shell.InvocationStateInfo.State);
            var partial = Assert.Single(shell.EndInvoke(async));
            Assert.True(partial.Properties["Cancelled"].Value is true);
            Assert.True(partial.Properties["Succeeded"].Value is false);
            Assert.Contains("Stopped after", partial.Properties["Message"].Value.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MutatingCmdletsRefuseAnUnnamedContextBeforeSendingAnything()
    {
        await sandbox.CreateDeploymentAsync("vllm", "embeddings", 2, "vllm:1");
        var before = DateTimeOffset.UtcNow;
        var scale = ps.Invoke("Set-WorkloadScale Deployment vllm -Replicas 0 -Kubeconfig $args[0] -Confirm:$false", K);
        Assert.StartsWith("ContextRequired,", Assert.Single(scale.AllErrors).FullyQualifiedErrorId);
        var undo = ps.Invoke("Undo-WorkloadRollout vllm -Kubeconfig $args[0] -Confirm:$false", K);
        Assert.StartsWith("ContextRequired,", Assert.Single(undo.AllErrors).FullyQualifiedErrorId);
        Assert.False(sandbox.AnyWriteSince(before));
        Assert.Equal(2, (int)(await sandbox.GetDeploymentAsync("vllm"))["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task BlueGreenFlipScalesEachWorkloadAndWaitsForAll()
    {
        await sandbox.CreateDeploymentAsync("vllm", "embeddings", 2, "vllm:1", readyAfter: "200ms");
        await sandbox.CreateDeploymentAsync("pyserini", "embeddings", 2, "pyserini:1", readyAfter: "200ms");
        await sandbox.CreateDeploymentAsync("legacy-embeddings", "legacy", 0, "legacy:1", readyAfter: "500ms");
        await sandbox.WaitUntilAsync("vllm", WorkloadSandbox.Available);
        await sandbox.WaitUntilAsync("pyserini", WorkloadSandbox.Available);

        // -WhatIf changes nothing.
        var before = DateTimeOffset.UtcNow;
        var whatIf = ps.Invoke("Set-WorkloadScale Deployment vllm,pyserini -Replicas 0 -Kubeconfig $args[0] -Context $args[1] -WhatIf", K, WorkloadSandbox.Context);
        Assert.Empty(whatIf.AllErrors);
        Assert.Empty(whatIf.Output);
        Assert.False(sandbox.AnyWriteSince(before));

        var r = ps.Invoke(
            "@([pscustomobject]@{ Kind = 'Deployment'; Name = 'vllm'; Replicas = 0; ExpectedReplicas = 2 }, " +
            " [pscustomobject]@{ Kind = 'Deployment'; Name = 'pyserini'; Replicas = 0; ExpectedReplicas = 2 }, " +
            " [pscustomobject]@{ Kind = 'Deployment'; Name = 'legacy-embeddings'; Replicas = 3; ExpectedReplicas = 0 }) | " +
            "Set-WorkloadScale -Kubeconfig $args[0] -Context $args[1] -Timeout 30 -Confirm:$false",
            K,
            WorkloadSandbox.Context);
        Assert.Empty(r.AllErrors);
        Assert.Equal(["vllm", "pyserini", "legacy-embeddings"], r.Output.Select(o => o.Str("Name")));
        Assert.All(r.Output, o =>
        {
            Assert.Equal("RollbackDrill.ScaleResult", o.BaseObject.GetType().FullName);
            Assert.True(o.Prop("Succeeded") is true);
            Assert.True(o.Prop("Changed") is true);
            Assert.True(PSObject.AsPSObject(o.Prop("Readiness")!).Prop("Ready") is true);
        });
        Assert.Equal([2, 2, 0], r.Output.Select(o => (int)o.Prop("PreviousReplicas")!));
        var legacy = await sandbox.GetDeploymentAsync("legacy-embeddings");
        Assert.Equal(3, (int)legacy["status"]!["availableReplicas"]!);
        Assert.Null((await sandbox.GetDeploymentAsync("vllm"))["status"]!["replicas"]); // zero counters omitted
    }

    [Fact]
    public async Task ExpectedReplicasMismatchIsAnErrorAndChangesNothing()
    {
        await sandbox.CreateDeploymentAsync("vllm", "embeddings", 3, "vllm:1");
        var before = DateTimeOffset.UtcNow;
        var r = ps.Invoke("Set-WorkloadScale Deployment vllm -Replicas 0 -ExpectedReplicas 2 -Kubeconfig $args[0] -Context $args[1] -Confirm:$false", K, WorkloadSandbox.Context);
        Assert.Empty(r.Output);
        var err = Assert.Single(r.Errors);
        Assert.Equal("ScalePreconditionFailed,RollbackDrill.Commands.SetWorkloadScaleCommand", err.FullyQualifiedErrorId);
        Assert.Equal("deployment.apps/vllm in namespace videokit", err.TargetObject);
        Assert.StartsWith("Expected replicas to be 2, was 3", err.Exception.Message);
        Assert.False(sandbox.AnyWriteSince(before));
    }

    [Fact]
    public async Task UndoRollsBackToThePreviousRevisionAndWaits()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 2, "videokit:44f1639", readyAfter: "200ms");
        await sandbox.WaitUntilAsync("videokit-api", WorkloadSandbox.Available);
        await sandbox.SetImageAsync("videokit-api", "videokit:03d5aeb0");
        await sandbox.WaitUntilAsync("videokit-api", d => WorkloadSandbox.Available(d) && d["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"]?.ToString() == "2");

        var before = DateTimeOffset.UtcNow;
        var whatIf = ps.Invoke("Undo-WorkloadRollout videokit-api -Kubeconfig $args[0] -Context $args[1] -WhatIf -Verbose", K, WorkloadSandbox.Context);
        Assert.Empty(whatIf.AllErrors);
        Assert.Empty(whatIf.Output);
        Assert.Contains(whatIf.Verbose, v => v.Contains("from revision 2 to revision 1", StringComparison.Ordinal) && v.Contains("videokit:03d5aeb0 -> videokit:44f1639", StringComparison.Ordinal));
        Assert.False(sandbox.AnyWriteSince(before));

        var r = ps.Invoke("Undo-WorkloadRollout videokit-api -Kubeconfig $args[0] -Context $args[1] -Timeout 30 -Confirm:$false", K, WorkloadSandbox.Context);
        Assert.Empty(r.AllErrors);
        var undo = r.One("RollbackDrill.UndoResult");
        Assert.Equal("RolledBack", undo.Str("Outcome"));
        Assert.Equal("rolled back", undo.Str("Message"));
        Assert.Equal(2L, undo.Prop("FromRevision"));
        Assert.Equal(1L, undo.Prop("ToRevision"));
        Assert.True(undo.Prop("Succeeded") is true);
        Assert.True(PSObject.AsPSObject(undo.Prop("Readiness")!).Prop("Ready") is true);
        var d = await sandbox.GetDeploymentAsync("videokit-api");
        Assert.Equal("videokit:44f1639", d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.ToString());
        Assert.Null(d["spec"]!["template"]!["metadata"]!["labels"]!["pod-template-hash"]);

        // The old ReplicaSet became revision 3: undoing to it again is kubectl's no-op.
        var again = ps.Invoke("Undo-WorkloadRollout videokit-api -ToRevision 3 -Kubeconfig $args[0] -Context $args[1] -Confirm:$false", K, WorkloadSandbox.Context);
        Assert.Empty(again.AllErrors);
        var skipped = again.One("RollbackDrill.UndoResult");
        Assert.Equal("Skipped", skipped.Str("Outcome"));
        Assert.Equal("skipped rollback (current template already matches revision 3)", skipped.Str("Message"));
    }

    [Fact]
    public async Task UndoToAMissingRevisionIsRefusedPerTarget()
    {
        await sandbox.CreateDeploymentAsync("videokit-api", "videokit-api", 1, "videokit:1", readyAfter: "100ms");
        await sandbox.WaitUntilAsync("videokit-api", WorkloadSandbox.Available);
        var before = DateTimeOffset.UtcNow;
        var r = ps.Invoke("Undo-WorkloadRollout videokit-api, missing -ToRevision 7 -Kubeconfig $args[0] -Context $args[1] -Confirm:$false", K, WorkloadSandbox.Context);
        Assert.Empty(r.Output);
        Assert.Equal(2, r.Errors.Count);
        Assert.Equal("RolloutUndoRefused,RollbackDrill.Commands.UndoWorkloadRolloutCommand", r.Errors[0].FullyQualifiedErrorId);
        Assert.Contains("unable to find specified revision 7 in history", r.Errors[0].Exception.Message);
        Assert.Equal("deployment.apps/videokit-api in namespace videokit", r.Errors[0].TargetObject);
        Assert.StartsWith("ResourceNotFound,", r.Errors[1].FullyQualifiedErrorId);
        Assert.False(sandbox.AnyWriteSince(before));
    }
}
