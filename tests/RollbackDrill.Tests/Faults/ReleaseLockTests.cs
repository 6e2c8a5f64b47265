using System.Management.Automation;
using System.Text.Json.Nodes;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests.Faults;

/// <summary>
/// Two rollbacks of one release at once, from two runspaces: the release lock (ConfigMap
/// rollbackdrill-lock.&lt;release&gt;) lets one through and refuses the other naming the holder, or with -Wait runs
/// them one after the other; never interleaved.
/// </summary>
public sealed class ReleaseLockTests
{
    private const string Invoke = "Invoke-Rollback videokit-api -Namespace videokit -Context sandbox -Kubeconfig $args[0] -Executor Sandbox -Timeout 00:01:00 -Confirm:$false";
    private const string LockName = "rollbackdrill-lock.videokit-api";
    private static readonly string Me = $"{Environment.UserName}@{Environment.MachineName} (pid {Environment.ProcessId})";

    private static async Task<PsResult[]> TwoAtOnceAsync(FaultSandbox sandbox, string script)
    {
        using var a = new ModuleRunspace();
        using var b = new ModuleRunspace();
        using var go = new ManualResetEventSlim();
        var runs = new[] { a, b }.Select(ps => Task.Run(() =>
        {
            go.Wait();
            return ps.Invoke(script, sandbox.Kubeconfig);
        })).ToArray();
        go.Set();
        return await Task.WhenAll(runs);
    }

    private static PSObject Result(PsResult r) => r.One("RollbackDrill.RollbackResult");

    [Fact]
    public async Task Second_rollback_at_once_is_refused_with_the_first_ones_identity()
    {
        await using var sandbox = await FaultSandbox.StartAsync();
        var runs = await TwoAtOnceAsync(sandbox, Invoke);

        var winner = Assert.Single(runs, r => Result(r).Str("Outcome") == "Succeeded");
        var loser = Assert.Single(runs, r => r != winner);
        Assert.Empty(winner.AllErrors);
        Assert.Equal("43", Result(winner).Str("NewRevision"));
        var locked = Result(loser);
        Assert.Equal("Locked", locked.Str("Outcome"));
        Assert.Null(locked.Prop("IssuedAt"));
        var error = Assert.Single(loser.Errors);
        Assert.Equal("ReleaseLocked,RollbackDrill.Commands.InvokeRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.StartsWith("videokit-api: Locked", error.TargetObject.ToString(), StringComparison.Ordinal); // the RollbackResult
        var text = error.Exception.Message;
        Assert.Contains($"Release 'videokit-api' is locked by another rollback or drill: {Me}, Invoke-Rollback videokit-api 42 -> 41, since ", text, StringComparison.Ordinal);
        Assert.Contains("Nothing was done.", text, StringComparison.Ordinal);
        Assert.Contains("-Wait", error.ErrorDetails?.RecommendedAction ?? string.Empty, StringComparison.Ordinal);

        // Helm's storage: exactly one rollback happened, and the lock is gone.
        var history = await sandbox.HistoryAsync("videokit-api");
        Assert.Equal(43, history.Keys.Max());
        Assert.Equal(("superseded", "deployed"), (history[42], history[43]));
        Assert.Null(await sandbox.ConfigMapAsync(LockName));
    }

    [Fact]
    public async Task With_Wait_both_succeed_one_after_the_other()
    {
        await using var sandbox = await FaultSandbox.StartAsync();
        var runs = await TwoAtOnceAsync(sandbox, Invoke + " -Wait");

        Assert.All(runs, r => Assert.Empty(r.AllErrors));
        var results = runs.Select(Result).OrderBy(r => (DateTimeOffset)r.Prop("IssuedAt")!).ToList();
        Assert.All(results, r => Assert.Equal("Succeeded", r.Str("Outcome")));
        Assert.Equal(["43", "44"], results.Select(r => r.Str("NewRevision")));
        var first = results[0];
        var second = results[1];
        Assert.True((DateTimeOffset)second.Prop("IssuedAt")! >= (DateTimeOffset)first.Prop("CompletedAt")!,
            $"interleaved: first {first.Prop("IssuedAt")}..{first.Prop("CompletedAt")}, second issued {second.Prop("IssuedAt")}");
        var transcript = ((System.Collections.IEnumerable)second.Prop("Transcript")!).Cast<object>().Select(t => t.ToString()).ToList();
        Assert.Contains(transcript, t => t!.Contains("after waiting", StringComparison.Ordinal) && t.Contains(Me, StringComparison.Ordinal));
        Assert.Contains(transcript, t => t!.Contains("moved from revision 42 to 43 while waiting", StringComparison.Ordinal));

        var history = await sandbox.HistoryAsync("videokit-api");
        Assert.Equal(("superseded", "superseded", "deployed"), (history[42], history[43], history[44]));
        Assert.Null(await sandbox.ConfigMapAsync(LockName));
    }

    [Fact]
    public async Task A_lock_held_on_another_machine_refuses_and_an_expired_one_is_taken_over()
    {
        await using var sandbox = await FaultSandbox.StartAsync();
        await sandbox.PostAsync($"api/v1/namespaces/{FaultSandbox.Ns}/configmaps", LockObject("bob@ops-2", DateTimeOffset.UtcNow.AddMinutes(10)));
        using var ps = new ModuleRunspace();

        var refused = ps.Invoke(Invoke, sandbox.Kubeconfig);
        var error = Assert.Single(refused.Errors);
        Assert.Equal("ReleaseLocked,RollbackDrill.Commands.InvokeRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Contains("bob@ops-2 (pid 777), Invoke-RollbackDrill nightly.yaml, since 2026-11-27T00:00:00Z", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(42, (await sandbox.HistoryAsync("videokit-api")).Keys.Max());
        Assert.Equal("bob@ops-2", (await sandbox.ConfigMapAsync(LockName))!["metadata"]!["annotations"]!["rollbackdrill.io/lock-holder"]!.GetValue<string>());

        // Expired (bob's process died): taken over with the resourceVersion precondition, then released.
        var cm = (await sandbox.ConfigMapAsync(LockName))!;
        cm["metadata"]!["annotations"]!["rollbackdrill.io/lock-expires-at"] = DateTimeOffset.UtcNow.AddSeconds(-1).UtcDateTime.ToString("O");
        await sandbox.ReplaceConfigMapAsync(LockName, cm);
        var taken = ps.Invoke(Invoke, sandbox.Kubeconfig);
        Assert.Empty(taken.AllErrors);
        var result = Result(taken);
        Assert.Equal("Succeeded", result.Str("Outcome"));
        var transcript = ((System.Collections.IEnumerable)result.Prop("Transcript")!).Cast<object>().Select(t => t.ToString()).ToList();
        Assert.Contains(transcript, t => t!.Contains("expired and was taken over from bob@ops-2 (pid 777)", StringComparison.Ordinal));
        Assert.Null(await sandbox.ConfigMapAsync(LockName));
    }

    private static JsonObject LockObject(string holder, DateTimeOffset expires) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = LockName,
            ["namespace"] = FaultSandbox.Ns,
            ["annotations"] = new JsonObject
            {
                ["rollbackdrill.io/lock-holder"] = holder,
                ["rollbackdrill.io/lock-pid"] = "777",
                ["rollbackdrill.io/lock-operation"] = "Invoke-RollbackDrill nightly.yaml",
                ["rollbackdrill.io/lock-acquired-at"] = "2026-11-27T00:00:00.0000000Z",
                ["rollbackdrill.io/lock-expires-at"] = expires.UtcDateTime.ToString("O"),
                ["rollbackdrill.io/lock-id"] = "bobs-lock",
            },
        },
    };
}
