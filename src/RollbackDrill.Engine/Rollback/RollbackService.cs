using System.Globalization;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// Runs confirmed rollback plans: several releases in parallel (ThrottleLimit) under ONE overall deadline. Per
/// release: re-read the history (the plan must still hold), run helm rollback to the explicit target, wait for the
/// workloads with kubectl rollout status's rules (<see cref="ReadinessWaiter"/>), verify Helm's storage
/// (<see cref="HelmRollbackRules.Verify"/>), list the pods; every step goes into the transcript. Failures, the
/// deadline and Ctrl+C end in a result that says what was done, what was not, and the state left; nothing throws
/// for one release's failure.
/// </summary>
public sealed class RollbackService
{
    private static readonly TimeSpan StateReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A release lock expires this long after the run's deadline (which bounds every step but the state reads).</summary>
    private static readonly TimeSpan LockGrace = TimeSpan.FromMinutes(2);

    /// <summary>After Ctrl+C the lock is still released, but only for this long (the cmdlet must stop within a second).</summary>
    private static readonly TimeSpan LockReleaseOnStop = TimeSpan.FromMilliseconds(700);
    private readonly TimeProvider time;

    public RollbackService(TimeProvider? time = null) => this.time = time ?? TimeProvider.System;

    public async Task<IReadOnlyList<RollbackResult>> RunAsync(
        IReadOnlyList<RollbackJob> jobs, RollbackOptions options, IProgress<RollbackProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        var deadlineAt = time.GetUtcNow() + options.Timeout;
        using var deadline = new CancellationTokenSource(options.Timeout > TimeSpan.Zero ? options.Timeout : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var run = new RunState(jobs.Count, progress);
        var results = new RollbackResult[jobs.Count];

        // Each executor is prepared once (helm found, its version detected) before any release starts.
        var setupErrors = new Dictionary<IHelmExecutor, DrillException>();
        foreach (var executor in jobs.Select(j => j.Cluster.Helm).Distinct())
        {
            try
            {
                await executor.InitializeAsync(linked.Token).ConfigureAwait(false);
            }
            catch (DrillException ex)
            {
                setupErrors[executor] = ex;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        using var gate = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
        var tasks = jobs.Select((job, i) => Task.Run(async () =>
        {
            var context = new JobContext(job, i, options, deadlineAt, new Tokens(deadline.Token, cancellationToken, linked.Token), run, time);
            if (setupErrors.TryGetValue(job.Cluster.Helm, out var setup))
            {
                results[i] = context.NotRun("Failed", setup.Message, "helm could not be used: nothing was sent to the cluster.");
                run.Done(i, job.Plan.Name);
                return;
            }

            try
            {
                await gate.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                results[i] = cancellationToken.IsCancellationRequested
                    ? context.NotRun("NotStarted", "Stopped before this release's rollback started.", "Nothing was sent for this release.")
                    : context.NotRun("NotStarted", "The overall deadline passed before this release's rollback started.", "Nothing was sent for this release.");
                run.Done(i, job.Plan.Name);
                return;
            }

            try
            {
                results[i] = await context.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
                run.Done(i, job.Plan.Name);
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return results;
    }

    /// <summary>The overall deadline, the caller's Ctrl+C, and both linked.</summary>
    private sealed record Tokens(CancellationToken Deadline, CancellationToken User, CancellationToken Linked);

    private sealed class RunState(int total, IProgress<RollbackProgress>? progress)
    {
        private int finished;

        public void Report(int index, string release, string phase, string message) =>
            progress?.Report(new RollbackProgress(index, release, phase, message, Volatile.Read(ref finished), total, false));

        public void Done(int index, string release)
        {
            var n = Interlocked.Increment(ref finished);
            progress?.Report(new RollbackProgress(index, release, "Done", "Finished", n, total, true));
        }
    }

    private sealed class JobContext(
        RollbackJob job, int index, RollbackOptions options, DateTimeOffset deadlineAt, Tokens tokens, RunState run, TimeProvider time)
    {
        private readonly CancellationToken deadlineToken = tokens.Deadline;
        private readonly CancellationToken userToken = tokens.User;
        private readonly CancellationToken token = tokens.Linked;
        private readonly Transcript transcript = new(time);
        private readonly RollbackCluster cluster = job.Cluster;
        private RollbackPlan plan = job.Plan;
        private string phase = "Plan";
        private DateTimeOffset? issuedAt;
        private DateTimeOffset? appliedAt;
        private DateTimeOffset? readyAt;
        private int? exitCode;
        private HelmRollbackTarget? target;
        private ReadinessResult? readiness;
        private ReleaseLease? lease;

        private string Name => plan.Name;

        public RollbackResult NotRun(string outcome, string message, string state) => new()
        {
            Plan = plan,
            Outcome = outcome,
            Phase = phase,
            Message = message,
            StateLeft = state,
            Executor = cluster.Helm.Description,
            CompletedAt = time.GetUtcNow(),
            Transcript = transcript.Snapshot(),
            Problems = outcome == "Skipped" ? [] : [message],
        };

        public async Task<RollbackResult> RunAsync()
        {
            var result = await RunGuardedAsync().ConfigureAwait(false);
            return lease is null ? result : await ReleaseLockAsync(result).ConfigureAwait(false);
        }

        private async Task<RollbackResult> RunGuardedAsync()
        {
            try
            {
                return await RunStepsAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (userToken.IsCancellationRequested)
            {
                transcript.Add("Note", $"Stopped (Ctrl+C) during {phase}.");
                return Interrupted("Stopped", $"Stopped during {phase}.", verify: false);
            }
            catch (OperationCanceledException) when (deadlineToken.IsCancellationRequested)
            {
                transcript.Add("Note", $"The overall deadline passed during {phase}.");
                return Interrupted("TimedOut", $"The overall deadline ({options.Timeout}) passed during {phase}.", verify: true);
            }
            catch (DrillException ex)
            {
                transcript.Add("Note", ex.Message);
                return await FailedAsync(ex.Message, verify: issuedAt is not null, action: ex.RecommendedAction).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One release's unexpected failure must not abort the others: it becomes that release's result.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                transcript.Add("Note", $"Unexpected error during {phase}: {ex.GetType().Name}: {ex.Message}");
                return await FailedAsync($"Unexpected error during {phase}: {ex.Message}", verify: issuedAt is not null, action: null).ConfigureAwait(false);
            }
        }

        private async Task<RollbackResult> RunStepsAsync()
        {
            if (!plan.WillRun)
            {
                return NotRun("Skipped", plan.SkipMessage ?? "The plan says this rollback is skipped.", "Nothing was sent for this release.");
            }

            // One rollback of a release at a time, across processes and machines: the release lock in the cluster.
            phase = "Lock";
            run.Report(index, Name, phase, "Taking the release lock");
            var attempt = await new ReleaseLockService(cluster.Locks, time).AcquireAsync(
                plan.Namespace, Name, ReleaseLockHolder.Current($"{options.Operation} {Name} {plan.CurrentRevision} -> {plan.TargetRevision}", time.GetUtcNow(), deadlineAt + LockGrace),
                options.WaitForLock, deadlineAt, userToken).ConfigureAwait(false);
            if (attempt.Lease is null)
            {
                return Locked(attempt);
            }

            lease = attempt.Lease;
            transcript.Add("Lock", $"Took the release lock configmap/{lease.Name} in namespace {lease.Namespace} (expires {lease.Holder.ExpiresAt:O})" +
                (attempt.WaitedFor is { } waited ? $" after waiting {attempt.Waited.TotalSeconds:0.0} s for {waited.Describe()}." : "."));
            if (attempt.TookOverFrom is { } stale)
            {
                transcript.Add("Lock", $"The lock had expired and was taken over from {stale.Describe()}.");
            }

            // The plan must still hold: re-read the history and resolve the same explicit target.
            phase = "Plan";
            run.Report(index, Name, phase, "Reading the release history");
            var request = new RollbackPlanRequest
            {
                Name = plan.Name,
                Namespace = plan.Namespace,
                Connection = cluster.Connection,
                Driver = cluster.Driver,
                Revision = plan.TargetRevision,
                Options = options,
            };
            var planned = await new RollbackPlanner(cluster.Releases, time).PlanDetailedAsync(request, token).ConfigureAwait(false);
            if (planned.Plan.CurrentRevision != plan.CurrentRevision && attempt.WaitedFor is { } before)
            {
                // -Wait: the holder we waited for changed the release; the planned target revision is still explicit.
                transcript.Add("Note", $"Release '{Name}' moved from revision {plan.CurrentRevision} to {planned.Plan.CurrentRevision} while waiting for {before.User} (pid {before.ProcessId}); rolling back to the planned target revision {plan.TargetRevision}.");
            }
            else if (planned.Plan.CurrentRevision != plan.CurrentRevision)
            {
                var moved = $"Release '{Name}' moved from revision {plan.CurrentRevision} to {planned.Plan.CurrentRevision} since the plan was made: nothing was done. Plan again.";
                transcript.Add("Note", moved);
                return NotRun("Failed", moved, "Nothing was sent for this release.");
            }

            plan = planned.Plan;
            target = planned.Target;
            if (!target.WillRun)
            {
                return NotRun("Skipped", target.SkipMessage ?? "skipped", "Nothing was sent for this release.");
            }

            // helm rollback, with --timeout = what is left of the one overall deadline.
            phase = "Helm";
            var remaining = Remaining();
            var invocation = RollbackPlanner.Invocation(request, target.Target!.Revision, CeilSeconds(remaining));
            var args = cluster.Helm.ArgumentsFor(invocation);
            run.Report(index, Name, phase, $"helm rollback {Name} {target.Target.Revision}");
            issuedAt = time.GetUtcNow();
            transcript.Add("Command", HelmCommandLine.ToDisplayString("helm", args));
            var exec = await cluster.Helm.RollbackAsync(invocation, token).ConfigureAwait(false);
            exitCode = exec.Killed ? null : exec.ExitCode;
            transcript.AddLines("Stdout", exec.Stdout);
            transcript.AddLines("Stderr", exec.Stderr);
            transcript.Add("Exit", exec.Killed ? "killed" : exec.ExitCode.ToString(CultureInfo.InvariantCulture));
            token.ThrowIfCancellationRequested();
            if (!exec.Succeeded)
            {
                var stderr = exec.Stderr.Trim();
                return await FailedAsync(
                    $"helm rollback {Name} {target.Target.Revision} exited with code {exec.ExitCode}: {(stderr.Length > 0 ? stderr : "(no error output)")}",
                    verify: true, action: null).ConfigureAwait(false);
            }

            appliedAt = exec.EndedAt;

            // Readiness: watch the target manifest's workloads with kubectl rollout status's rules.
            phase = "Readiness";
            run.Report(index, Name, phase, "Waiting for the workloads");
            var refs = plan.Workloads.Where(w => w.Namespace == plan.Namespace).Select(w => new WorkloadRef(w.Kind, w.Namespace, w.Name)).ToList();
            var readinessTarget = refs.Count > 0 ? ReadinessTarget.ForWorkloads(plan.Namespace, refs) : ReadinessTarget.ForRelease(Name, plan.Namespace);
            var waitProgress = new Progress(w => run.Report(index, Name, "Readiness", $"{w.Kind.ToLowerInvariant()}/{w.Name}: {w.Message}"));
            readiness = await new ReadinessWaiter(cluster.Workloads, time)
                .WaitAsync(readinessTarget, plan.Context, Remaining(), waitProgress, userToken).ConfigureAwait(false);
            foreach (var w in readiness.Workloads)
            {
                transcript.Add("Readiness", $"{w.Kind.ToLowerInvariant()}/{w.Name}: {w.Message}" +
                    (w.ReadyAt is { } at ? $" (ready at {at:O})" : $" ({w.Reason}; desired {w.DesiredReplicas}, updated {w.UpdatedReplicas}, ready {w.ReadyReplicas}, available {w.AvailableReplicas}, total {w.TotalReplicas})"));
            }

            transcript.Add("Readiness", readiness.Message);
            if (readiness.Cancelled)
            {
                throw new OperationCanceledException(userToken);
            }

            readyAt = readiness.Succeeded ? readiness.ReadyAt ?? time.GetUtcNow() : null;
            if (!readiness.Succeeded)
            {
                var outcome = readiness.TimedOut ? "TimedOut" : "Failed";
                var failed = await FailedAsync($"helm applied the rollback but the workloads did not roll out: {readiness.Message}", verify: true, action:
                    "Look at the workloads' events and pods (Get-ReleaseStatus -IncludePods); roll back to another revision or fix the cause.").ConfigureAwait(false);
                return Copy(failed, outcome, failed.Transcript, failed.Problems, failed.StateLeft, failed.RecommendedAction);
            }

            // Verification in Helm's storage, then the pods for the record.
            phase = "Verification";
            run.Report(index, Name, phase, "Verifying Helm's storage");
            var verification = await VerifyAsync(token).ConfigureAwait(false);
            var pods = await PodsAsync(token).ConfigureAwait(false);
            phase = "Done";
            var ok = verification.Succeeded;
            return Result(ok ? "Succeeded" : "Failed",
                ok ? $"Rolled back {Name} from revision {plan.CurrentRevision} to {target.Target.Revision} (new revision {verification.NewRevision}); {readiness.Workloads.Count} workload(s) ready."
                   : $"helm and the workloads finished, but Helm's storage does not show the rollback: {string.Join(" ", verification.Problems)}",
                verification, pods, ok ? null : verification.RecommendedAction);
        }

        private RollbackResult Locked(ReleaseLockAttempt attempt)
        {
            var holder = attempt.HeldBy!;
            var message = $"Release '{Name}' is locked by another rollback or drill: {holder.Describe()}." +
                (attempt.WaitedOut ? $" Waited {attempt.Waited.TotalSeconds:0.0} s for it, until the overall deadline ({options.Timeout})." : string.Empty) +
                " Nothing was done.";
            transcript.Add("Lock", message);
            var result = NotRun("Locked", message, $"Nothing was sent for this release; the lock configmap/{ReleaseLockService.LockName(Name)} in namespace {plan.Namespace} is {holder.User}'s.");
            return Copy(result, "Locked", result.Transcript, result.Problems, result.StateLeft,
                $"Wait for it to finish, or run again with -Wait. If its holder is gone, the lock expires at {holder.ExpiresAt:O} and is then taken over.");
        }

        private async Task<RollbackResult> ReleaseLockAsync(RollbackResult result)
        {
            string? note;
            using var cts = new CancellationTokenSource(userToken.IsCancellationRequested ? LockReleaseOnStop : StateReadTimeout);
            try
            {
                note = await new ReleaseLockService(cluster.Locks, time).ReleaseAsync(lease!, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or DrillException)
            {
                note = $"The release lock configmap/{lease!.Name} could not be released ({ex.Message}); it expires at {lease.Holder.ExpiresAt:O} and is then taken over.";
            }

            transcript.Add("Lock", note ?? $"Released the release lock configmap/{lease!.Name}.");
            var problems = note is null || result.Problems.Contains(note) ? result.Problems : [.. result.Problems, note];
            var state = note is null || result.StateLeft is null ? result.StateLeft : result.StateLeft + " " + note;
            return Copy(result, result.Outcome, transcript.Snapshot(), problems, state, result.RecommendedAction);
        }

        private async Task<RollbackResult> FailedAsync(string message, bool verify, string? action)
        {
            HelmRollbackVerification? verification = null;
            IReadOnlyList<PodInfo> pods = [];
            if (verify && target is not null)
            {
                using var read = new CancellationTokenSource(StateReadTimeout);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(read.Token, userToken);
                try
                {
                    verification = await VerifyAsync(both.Token).ConfigureAwait(false);
                    pods = await PodsAsync(both.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or DrillException)
                {
                    transcript.Add("Note", "The state left could not be read: " + ex.Message);
                }
            }

            return Result("Failed", message, verification, pods, action ?? verification?.RecommendedAction);
        }

        private RollbackResult Interrupted(string outcome, string message, bool verify)
        {
            HelmRollbackVerification? verification = null;
            if (verify && target is not null && issuedAt is not null)
            {
                using var read = new CancellationTokenSource(StateReadTimeout);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(read.Token, userToken);
                try
                {
                    verification = VerifyAsync(both.Token).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is OperationCanceledException or DrillException)
                {
                    transcript.Add("Note", "The state left could not be read: " + ex.Message);
                }
            }

            var action = issuedAt is null ? "Nothing was changed; run it again when ready."
                : $"Check the release with Get-ReleaseRevision {Name} -Last 2 and Get-ReleaseStatus {Name}. If revision {target?.NewRevision} is pending-rollback, make sure no helm is still running and roll back again (a rollback clears Helm's lock).";
            return Result(outcome, message, verification, [], verification?.RecommendedAction ?? action);
        }

        private RollbackResult Result(string outcome, string message, HelmRollbackVerification? verification, IReadOnlyList<PodInfo> pods, string? action)
        {
            var problems = new List<string>();
            if (outcome != "Succeeded")
            {
                problems.Add(message);
            }

            if (verification is not null)
            {
                transcript.Add("Verification", verification.Succeeded
                    ? $"revision {verification.NewRevision} is deployed with the target's chart and app version."
                    : string.Join(" ", verification.Problems));
                if (outcome == "Succeeded" || !verification.Succeeded)
                {
                    problems.AddRange(verification.Problems.Where(p => !problems.Contains(p)));
                }
            }

            return new RollbackResult
            {
                Plan = plan,
                Succeeded = outcome == "Succeeded",
                Outcome = outcome,
                Phase = phase,
                Message = message,
                NewRevision = verification?.NewRevisionStatus is not null ? verification.NewRevision : appliedAt is not null ? target?.NewRevision : null,
                NewRevisionStatus = verification?.NewRevisionStatus?.ToHelmString(),
                IssuedAt = issuedAt,
                AppliedAt = appliedAt,
                ReadyAt = readyAt,
                CompletedAt = time.GetUtcNow(),
                HelmExitCode = exitCode,
                Executor = cluster.Helm.Description,
                Workloads = readiness?.Workloads ?? [],
                Pods = pods,
                Transcript = transcript.Snapshot(),
                Problems = problems,
                StateLeft = outcome == "Succeeded" ? null : StateLeft(verification),
                RecommendedAction = action,
            };
        }

        private static RollbackResult Copy(
            RollbackResult r, string outcome, IReadOnlyList<RollbackTranscriptEntry> transcript, IReadOnlyList<string> problems, string? stateLeft, string? action) => new()
        {
            Plan = r.Plan,
            Succeeded = r.Succeeded,
            Outcome = outcome,
            Phase = r.Phase,
            Message = r.Message,
            NewRevision = r.NewRevision,
            NewRevisionStatus = r.NewRevisionStatus,
            IssuedAt = r.IssuedAt,
            AppliedAt = r.AppliedAt,
            ReadyAt = r.ReadyAt,
            CompletedAt = r.CompletedAt,
            HelmExitCode = r.HelmExitCode,
            Executor = r.Executor,
            Workloads = r.Workloads,
            Pods = r.Pods,
            Transcript = transcript,
            Problems = problems,
            StateLeft = stateLeft,
            RecommendedAction = action,
        };

        /// <summary>What was and was not done, and the storage state when it was read.</summary>
        private string StateLeft(HelmRollbackVerification? verification)
        {
            var done = new List<string>();
            var notDone = new List<string>();
            if (issuedAt is null)
            {
                notDone.Add("helm rollback was not run");
            }
            else if (appliedAt is null)
            {
                done.Add($"helm rollback to revision {target?.Target?.Revision} was started at {issuedAt:O}");
                notDone.Add(exitCode is null ? "helm did not finish (it was killed)" : $"helm failed (exit code {exitCode})");
            }
            else
            {
                done.Add($"helm applied the rollback to revision {target?.Target?.Revision} at {appliedAt:O}");
            }

            if (appliedAt is not null)
            {
                if (readiness is null)
                {
                    notDone.Add("the readiness wait");
                }
                else
                {
                    var ready = readiness.Workloads.Where(w => w.Ready).Select(w => $"{w.Kind.ToLowerInvariant()}/{w.Name}").ToList();
                    var notReady = readiness.Workloads.Where(w => !w.Ready)
                        .Select(w => $"{w.Kind.ToLowerInvariant()}/{w.Name} ({w.Reason}: updated {w.UpdatedReplicas}/{w.DesiredReplicas}, available {w.AvailableReplicas})").ToList();
                    if (ready.Count > 0)
                    {
                        done.Add("ready: " + string.Join(", ", ready));
                    }

                    if (notReady.Count > 0)
                    {
                        notDone.Add("not ready: " + string.Join(", ", notReady));
                    }
                }
            }

            if (verification is null)
            {
                notDone.Add("verification in Helm's storage");
            }

            var state = verification is null ? string.Empty
                : verification.NewRevisionStatus is { } s
                    ? $" Helm's storage: revision {verification.NewRevision} is {s.ToHelmString()}."
                    : $" Helm's storage: {string.Join(" ", verification.Problems)}";
            return $"Done: {(done.Count == 0 ? "nothing" : string.Join("; ", done))}. Not done: {(notDone.Count == 0 ? "nothing" : string.Join("; ", notDone))}.{state}";
        }

        private async Task<HelmRollbackVerification> VerifyAsync(CancellationToken ct)
        {
            var after = await new RollbackPlanner(cluster.Releases, time).ReadHistoryAsync(plan.Name, plan.Namespace, plan.Context, ct).ConfigureAwait(false);
            return HelmRollbackRules.Verify(target!, after);
        }

        private async Task<IReadOnlyList<PodInfo>> PodsAsync(CancellationToken ct)
        {
            var pods = await cluster.Pods.ListPodsAsync(plan.Namespace, $"{ReadinessTarget.InstanceLabel}={plan.Name}", time.GetUtcNow(), ct).ConfigureAwait(false);
            transcript.Add("Pods", $"{pods.Count} pod(s) labelled {ReadinessTarget.InstanceLabel}={plan.Name}:");
            foreach (var p in pods)
            {
                transcript.Add("Pods", $"{p.Name} {p.ReadyText} {p.Phase} restarts={p.Restarts} {string.Join(",", p.Images)}");
            }

            return pods;
        }

        private TimeSpan Remaining()
        {
            var left = deadlineAt - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        private static TimeSpan CeilSeconds(TimeSpan t) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(t.TotalSeconds)));
    }

    private sealed class Progress(Action<WorkloadReadiness> report) : IProgress<WorkloadReadiness>
    {
        public void Report(WorkloadReadiness value) => report(value);
    }
}
