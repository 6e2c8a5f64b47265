using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

public sealed class RollbackCmdletTests
{
    private static readonly string[] NewRevisions = ["43", "19"];

    private const string Common = "-Namespace videokit -Context sandbox -Kubeconfig $k -Executor Sandbox";

    private static PsResult Run(ModuleRunspace ps, RollbackSandbox sandbox, string script) =>
        ps.InvokeWith("$k = $kubeconfig; " + script, new System.Collections.Hashtable { ["kubeconfig"] = sandbox.Kubeconfig });

    [Fact]
    public async Task Get_RollbackPlan_shows_42_to_41_and_18_to_17_without_writing()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        using var ps = new ModuleRunspace();
        var since = DateTimeOffset.UtcNow;
        var r = Run(ps, sandbox, $"Get-RollbackPlan videokit-api, videokit-worker {Common}");

        Assert.Empty(r.AllErrors);
        Assert.Equal(2, r.Output.Count);
        Assert.All(r.Output, o => Assert.Equal("RollbackDrill.RollbackPlan", o.BaseObject.GetType().FullName));
        Assert.Equal(("42", "41"), (r.Output[0].Str("CurrentRevision"), r.Output[0].Str("TargetRevision")));
        Assert.Equal(("18", "17"), (r.Output[1].Str("CurrentRevision"), r.Output[1].Str("TargetRevision")));
        Assert.StartsWith("helm rollback videokit-api 41 --namespace=videokit --kube-context=sandbox", r.Output[0].Str("HelmCommand"), StringComparison.Ordinal);
        Assert.Equal(0, sandbox.WritesSince(since));
        var table = string.Concat(Run(ps, sandbox, $"Get-RollbackPlan videokit-api {Common} | Out-String").Output.Select(o => o.ToString()));
        Assert.Matches(@"videokit-api\s+videokit\s+42\s+41\s+PreviousRevision\s+True", table);
    }

    [Fact]
    public async Task WhatIf_from_Get_ReleaseRevision_binds_and_changes_nothing()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        using var ps = new ModuleRunspace();
        var since = DateTimeOffset.UtcNow;
        var r = Run(ps, sandbox,
            "Get-ReleaseRevision videokit-api -Namespace videokit -Context sandbox -Kubeconfig $k | Invoke-Rollback -WhatIf -Kubeconfig $k -Executor Sandbox");

        Assert.Empty(r.AllErrors);
        Assert.Empty(r.Output);
        Assert.Equal(0, sandbox.WritesSince(since));
        var after = Run(ps, sandbox, "Get-ReleaseRevision videokit-api -Namespace videokit -Context sandbox -Kubeconfig $k -Last 1");
        Assert.Equal("42", Assert.Single(after.Output).Str("Revision"));
    }

    [Fact]
    public async Task No_context_named_is_refused_with_ContextRequired_before_anything_is_sent()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        using var ps = new ModuleRunspace(new Dictionary<string, string?> { ["KUBE_CONTEXT"] = null });
        var since = DateTimeOffset.UtcNow;
        var r = Run(ps, sandbox, "Invoke-Rollback videokit-api -Namespace videokit -Kubeconfig $k -Executor Sandbox -Confirm:$false");

        var error = Assert.Single(r.AllErrors);
        Assert.Equal("ContextRequired,RollbackDrill.Commands.InvokeRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Empty(r.Output);
        Assert.Equal(0, sandbox.RequestsSince(since));
    }

    [Fact]
    public async Task Invoke_Rollback_rolls_back_both_releases_and_reports_results_and_progress()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        using var ps = new ModuleRunspace();
        var r = Run(ps, sandbox, $"Invoke-Rollback videokit-api, videokit-worker {Common} -Timeout 00:01:00 -Confirm:$false");

        Assert.Empty(r.AllErrors);
        Assert.Equal(2, r.Output.Count);
        foreach (var (o, rev) in r.Output.Zip(NewRevisions))
        {
            Assert.Equal("RollbackDrill.RollbackResult", o.BaseObject.GetType().FullName);
            Assert.Equal("Succeeded", o.Str("Outcome"));
            Assert.Equal(rev, o.Str("NewRevision"));
            Assert.Equal("deployed", o.Str("NewRevisionStatus"));
            var issued = (DateTimeOffset)o.Prop("IssuedAt")!;
            var applied = (DateTimeOffset)o.Prop("AppliedAt")!;
            var ready = (DateTimeOffset)o.Prop("ReadyAt")!;
            Assert.True(issued <= applied && applied <= ready, $"{issued:O} {applied:O} {ready:O}");
        }

        Assert.Equal(ProgressRecordType.Completed, r.Progress[^1].RecordType);
        Assert.Equal("Invoke-Rollback", r.Progress[^1].Activity);
        var last = Run(ps, sandbox, "$global:RollbackDrillLastResult.Count");
        Assert.Equal("2", Assert.Single(last.Output).ToString());
        var history = Run(ps, sandbox, "Get-ReleaseRevision videokit-worker -Namespace videokit -Context sandbox -Kubeconfig $k -Last 2");
        Assert.Equal(["superseded", "deployed"], history.Output.Select(o => o.Str("Status")));
    }

    [Fact]
    public async Task Locked_release_needs_confirmation_unless_Force()
    {
        await using var sandbox = await RollbackSandbox.StartAsync(t => t.Replace(
            "- {revision: 18, gitCommit: 03d5aeb0}", "- {revision: 18, gitCommit: 03d5aeb0, status: pending-upgrade}", StringComparison.Ordinal));
        using var ps = new ModuleRunspace();
        var since = DateTimeOffset.UtcNow;
        var refused = Run(ps, sandbox, $"Invoke-Rollback videokit-worker {Common} -Confirm:$false");
        Assert.NotEmpty(refused.AllErrors);
        Assert.Empty(refused.Output);
        Assert.Equal(0, sandbox.WritesSince(since));
        Assert.Contains(refused.Warnings, w => w.Contains("another operation (install/upgrade/rollback) is in progress", StringComparison.Ordinal));

        var forced = Run(ps, sandbox, $"Invoke-Rollback videokit-worker {Common} -Confirm:$false -Force");
        Assert.Empty(forced.AllErrors);
        Assert.Equal("Succeeded", Assert.Single(forced.Output).Str("Outcome"));
    }

    [Fact]
    public async Task Ctrl_C_returns_within_a_second_and_leaves_a_partial_result()
    {
        await using var sandbox = await RollbackSandbox.StartAsync(t => t.Replace(
            "- {revision: 41, gitCommit: 44f1639}", "- {revision: 41, gitCommit: 44f1639, neverReady: true, progressDeadlineSeconds: 600}", StringComparison.Ordinal));
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using (var import = PowerShell.Create())
        {
            import.Runspace = runspace;
            import.AddScript("Import-Module $args[0] -ErrorAction Stop").AddArgument(RepoPaths.Manifest).Invoke();
        }

        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript($"$k = $args[0]; Invoke-Rollback videokit-api {Common} -Timeout 00:01:00 -Confirm:$false").AddArgument(sandbox.Kubeconfig);
        var since = DateTimeOffset.UtcNow;
        var async = ps.BeginInvoke();
        for (var i = 0; i < 300 && sandbox.WritesSince(since) == 0; i++)
        {
            await Task.Delay(100); // until the sandbox's helm endpoint was called
        }

        Assert.True(sandbox.WritesSince(since) > 0, "the rollback never reached the sandbox");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // applied; now waiting for a never-ready Deployment
        Assert.False(async.IsCompleted, "the rollback should still be waiting");
        var watch = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {watch.Elapsed}");
        Assert.True(async.IsCompleted);

        using var read = PowerShell.Create();
        read.Runspace = runspace;
        var partial = Assert.Single(read.AddScript("$global:RollbackDrillLastResult").Invoke());
        Assert.True(partial is not null, "no partial result: " + string.Join(" | ", ps.Streams.Error.Select(e => e.ToString())) + " / " + string.Join(" | ", ps.InvocationStateInfo.Reason?.ToString()));
        Assert.Equal("Stopped", partial.Properties["Outcome"].Value);
        Assert.True("Readiness".Equals(partial.Properties["Phase"].Value), $"{partial.Properties["Phase"].Value}: {partial.Properties["StateLeft"].Value} {string.Join(" | ", ((System.Collections.IEnumerable)partial.Properties["Transcript"].Value).Cast<object>())}");
        var state = (string)partial.Properties["StateLeft"].Value;
        Assert.Contains("helm applied the rollback to revision 41", state, StringComparison.Ordinal);
        Assert.Contains("Not done:", state, StringComparison.Ordinal);
        Assert.Contains("deployment/videokit-api", state, StringComparison.Ordinal);
    }
}
