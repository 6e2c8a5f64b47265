using System.Globalization;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Engine.Rollback;
using RollbackDrill.Engine.Services;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Runs a drill file: Plan → BeforeState → Baseline → steps (beforeRollback) → rollback groups in order (the releases of
/// a group in parallel, like Azure Site Recovery plan groups) → steps (afterRollback) → Readiness → steps
/// (afterReadiness) → Recovery → AfterState. Every phase is timed and checkpointed into the journal; a failure, a stop
/// condition, the drill's timeout or Ctrl+C ends the run early but the journal still says what was done and what state
/// was left. A dry run plans and reads only.
/// </summary>
public sealed class DrillRunner
{
    private readonly ProbeCheckFactory checks;
    private readonly RecoveryBaselineService baselines;
    private readonly IDrillCommandRunner commands;
    private readonly TimeProvider time;

    public DrillRunner(ProbeCheckFactory checks, RecoveryBaselineService baselines, IDrillCommandRunner commands, TimeProvider? time = null)
    {
        this.checks = checks ?? throw new ArgumentNullException(nameof(checks));
        this.baselines = baselines ?? throw new ArgumentNullException(nameof(baselines));
        this.commands = commands ?? throw new ArgumentNullException(nameof(commands));
        this.time = time ?? TimeProvider.System;
    }

    public async Task<DrillResult> RunAsync(DrillRunRequest request, IProgress<DrillProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new DrillRun(this, request, progress);
        await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return run.Result;
    }

    /// <summary>A phase failed: the drill stops; the message says what failed.</summary>
    private sealed class DrillPhaseException(string message) : Exception(message);

    private sealed class DrillRun
    {
        private static readonly string[] PhaseOrder = ["Plan", "BeforeState", "Baseline", "Steps (beforeRollback)", "Rollback", "Steps (afterRollback)", "Readiness", "Steps (afterReadiness)", "Recovery", "AfterState"];
        private static readonly TimeSpan AfterStateBudget = TimeSpan.FromSeconds(15);
        private const int StateReadAttempts = 4;

        private readonly DrillRunner owner;
        private readonly DrillRunRequest request;
        private readonly DrillDefinition drill;
        private readonly IProgress<DrillProgress>? progress;
        private readonly DrillStepRunner steps;
        private readonly List<RollbackPlan> plans = [];
        private readonly Dictionary<string, double> baselineValues = new(StringComparer.Ordinal);
        private readonly List<(string Tier, Task<RecoveryMeasurement> Task)> measuring = [];
        private readonly HashSet<string> tiersStarted = new(StringComparer.OrdinalIgnoreCase);
        private DrillPhaseResult? currentPhase;
        private bool completed;

        public DrillRun(DrillRunner owner, DrillRunRequest request, IProgress<DrillProgress>? progress)
        {
            this.owner = owner;
            this.request = request;
            this.progress = progress;
            drill = request.Drill;
            steps = new DrillStepRunner(request.Cluster.Workloads, owner.commands, owner.time, request.Context, drill.Namespace, request.WorkingDirectory);
            Result = new DrillResult
            {
                Drill = drill.Name,
                Description = drill.Description,
                SourcePath = drill.SourcePath,
                Environment = drill.Environment,
                Context = request.Context,
                Server = request.Server,
                Namespace = drill.Namespace,
                Operator = request.Operator,
                ToolVersion = request.ToolVersion,
                DryRun = request.DryRun,
                StartedAt = owner.time.GetUtcNow(),
            };
        }

        public DrillResult Result { get; }

        private DateTimeOffset Now => owner.time.GetUtcNow();

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            var timeout = request.Timeout ?? drill.Timeout;
            using var deadline = new CancellationTokenSource(timeout, owner.time);
            using var abort = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, abort.Token);
            using var monitorStop = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            var ct = linked.Token;
            var deadlineAt = Result.StartedAt + timeout;
            StopConditionMonitor? monitor = null;
            Task? monitorTask = null;
            try
            {
                await PhaseAsync("Plan", PlanAsync, ct).ConfigureAwait(false);
                await PhaseAsync("BeforeState", (p, t) => ReadStateAsync(Result.Before, p, t), ct).ConfigureAwait(false);
                await PhaseAsync("Baseline", BaselineAsync, ct).ConfigureAwait(false);
                if (request.DryRun)
                {
                    PlanTheRest();
                    Result.Outcome = DrillOutcome.DryRun;
                    Result.Message = string.Create(CultureInfo.InvariantCulture,
                        $"Dry run: {plans.Count(p => p.WillRun)} release(s) would be rolled back and {drill.Steps.Count} step(s) run; nothing was written to the cluster.");
                    return;
                }

                monitor = new StopConditionMonitor(StopConditions(), owner.time);
                if (monitor.HasConditions)
                {
                    monitorTask = monitor.RunAsync(abort, monitorStop.Token);
                }

                await StepsAsync(DrillStepPhase.BeforeRollback, ct).ConfigureAwait(false);
                await PhaseAsync("Rollback", (p, t) => RollbackGroupsAsync(p, deadlineAt, t), ct).ConfigureAwait(false);
                await StepsAsync(DrillStepPhase.AfterRollback, ct).ConfigureAwait(false);
                StartMeasurements(drill.Objectives.Select(o => o.Tier), deadlineAt, ct);
                await PhaseAsync("Readiness", (p, t) => ReadinessAsync(p, deadlineAt, t), ct).ConfigureAwait(false);
                await StepsAsync(DrillStepPhase.AfterReadiness, ct).ConfigureAwait(false);
                await PhaseAsync("Recovery", RecoveryAsync, ct).ConfigureAwait(false);
                completed = true;
            }
            catch (DrillPhaseException ex)
            {
                Result.Outcome = DrillOutcome.Failed;
                Result.Message = ex.Message;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                (Result.Outcome, Result.Message) = abort.IsCancellationRequested
                    ? (DrillOutcome.Aborted, monitor?.Reason ?? "Aborted by a stop condition.")
                    : cancellationToken.IsCancellationRequested
                        ? (DrillOutcome.Stopped, $"Stopped by the operator during {currentPhase?.Name ?? "the drill"}.")
                        : (DrillOutcome.Stopped, $"The drill's timeout ({timeout}) passed during {currentPhase?.Name ?? "the drill"}.");
            }
            finally
            {
                await monitorStop.CancelAsync().ConfigureAwait(false);
                if (monitorTask is not null)
                {
                    await monitorTask.ConfigureAwait(false);
                }

                await FinishAsync().ConfigureAwait(false);
            }
        }

        private async Task FinishAsync()
        {
            await CollectMeasurementsAsync().ConfigureAwait(false);
            if (!request.DryRun)
            {
                // The after state is read even after a failure or Ctrl+C (briefly), so the journal shows what was left.
                using var budget = new CancellationTokenSource(AfterStateBudget, owner.time);
                try
                {
                    await PhaseAsync("AfterState", (p, t) => ReadStateAsync(Result.After, p, t), budget.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or DrillPhaseException)
                {
                    Result.Observations.Add("The after state could not be read completely: " + ex.Message);
                }
            }

            if (!request.DryRun)
            {
                foreach (var v in DrillVerdicts.Compute(drill, Result.ClockStartedAt, Result.Rollbacks, Result.Measurements))
                {
                    Result.Verdicts.Add(v);
                }
            }

            if (completed)
            {
                var missed = Result.Verdicts.Where(v => !v.Met).ToList();
                Result.Outcome = missed.Count == 0 ? DrillOutcome.Succeeded : DrillOutcome.ObjectiveMissed;
                Result.Message = Summary(missed);
            }

            Result.StateLeft = StateLeft();
            Result.EndedAt = Now;
            Transcript("drill", $"Drill ended: {Result.Outcome}. {Result.Message}");
            Checkpoint();
        }

        private string Summary(List<DrillVerdict> missed)
        {
            var rolled = Result.Rollbacks.Count(r => r.Succeeded);
            var verdicts = string.Join("; ", Result.Verdicts.Select(v => v.ToString()));
            var head = string.Create(CultureInfo.InvariantCulture, $"{rolled} release(s) rolled back");
            return missed.Count == 0
                ? (verdicts.Length == 0 ? head + "." : $"{head}; {verdicts}.")
                : $"{head}; objective(s) missed: {string.Join("; ", missed.Select(v => $"{v} — {v.Basis}"))}.";
        }

        private string? StateLeft()
        {
            if (request.DryRun || Result.Outcome is DrillOutcome.Succeeded or DrillOutcome.ObjectiveMissed)
            {
                return null;
            }

            var parts = new List<string>();
            foreach (var r in Result.Rollbacks)
            {
                parts.Add(r.Succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $"{r.Namespace}/{r.Name} rolled back to revision {r.Plan.TargetRevision} (now revision {r.NewRevision})")
                    : $"{r.Namespace}/{r.Name}: {r.Outcome}: {r.StateLeft ?? r.Message}");
            }

            var done = Result.Rollbacks.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            var notRun = plans.Where(p => p.WillRun && !done.Contains(p.Name)).Select(p => $"{p.Namespace}/{p.Name}").ToList();
            if (notRun.Count > 0)
            {
                parts.Add("not rolled back (unchanged): " + string.Join(", ", notRun));
            }

            foreach (var s in Result.Steps.Where(s => DrillStepRunner.Mutates(drill.Steps.First(d => d.Name == s.Name)) && s.Outcome is "Succeeded" or "Failed" or "Stopped"))
            {
                parts.Add($"step {s.Name} ({s.Target}): {s.Outcome}");
            }

            return parts.Count == 0 ? "Nothing was changed in the cluster." : string.Join("; ", parts) + ".";
        }

        private async Task PhaseAsync(string name, Func<DrillPhaseResult, CancellationToken, Task> body, CancellationToken ct)
        {
            var phase = new DrillPhaseResult { Name = name, StartedAt = Now };
            currentPhase = phase;
            Result.Phases.Add(phase);
            var index = Array.FindIndex(PhaseOrder, n => name.StartsWith(n, StringComparison.Ordinal));
            progress?.Report(new DrillProgress(name, "Started", index, PhaseOrder.Length));
            Transcript("drill", $"Phase {name} started.");
            try
            {
                ct.ThrowIfCancellationRequested();
                await body(phase, ct).ConfigureAwait(false);
                if (phase.Outcome == "Running")
                {
                    phase.Outcome = "Succeeded";
                }
            }
            catch (OperationCanceledException)
            {
                phase.Outcome = "Stopped";
                throw;
            }
            catch (DrillPhaseException ex)
            {
                phase.Outcome = "Failed";
                phase.Message ??= ex.Message;
                throw;
            }
            finally
            {
                phase.EndedAt = Now;
                Transcript("drill", $"Phase {name}: {phase.Outcome}{(phase.Message is null ? string.Empty : ". " + phase.Message)}");
                progress?.Report(new DrillProgress(name, phase.Outcome, index, PhaseOrder.Length, PhaseCompleted: true));
                Checkpoint();
            }
        }

        private async Task PlanAsync(DrillPhaseResult phase, CancellationToken ct)
        {
            var planner = new RollbackPlanner(request.Cluster.Releases, owner.time);
            var errors = new List<string>();
            foreach (var release in drill.Groups.SelectMany(g => g.Releases))
            {
                var planned = await planner.PlanAsync(new RollbackPlanRequest
                {
                    Name = release.Name,
                    Namespace = release.Namespace,
                    Connection = request.Cluster.Connection,
                    Driver = request.Cluster.Driver,
                    Revision = release.Revision,
                    HelmMajor = request.HelmMajor,
                    Options = request.RollbackOptions,
                }, ct).ConfigureAwait(false);
                if (planned.Error is { } error)
                {
                    errors.Add($"{release.Namespace}/{release.Name}: {error.Message}");
                    continue;
                }

                var plan = planned.Value!;
                plans.Add(plan);
                Result.Plans.Add(plan);
                if (!plan.WillRun)
                {
                    Result.Observations.Add($"{plan.Name} is skipped ({plan.SkipReason}): {plan.SkipMessage}");
                }
                else if (plan.Locked)
                {
                    errors.Add($"{plan.Namespace}/{plan.Name}: {plan.LockMessage}");
                }
            }

            foreach (var probe in drill.Probes.Where(p => !NeedsBaseline(p)))
            {
                try
                {
                    ProbeCheckFactory.Validate(request.MapProbe(probe, baselineValues));
                }
                catch (Exception ex) when (ex is DrillException or ArgumentException)
                {
                    errors.Add($"probe {probe.Name}: {ex.Message}");
                }
            }

            if (errors.Count > 0)
            {
                throw new DrillPhaseException("The drill cannot start; nothing was changed: " + string.Join("; ", errors));
            }

            phase.Message = string.Join("; ", plans.Select(p => p.WillRun
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.CurrentRevision} → {p.TargetRevision}")
                : $"{p.Name} skipped"));
        }

        private async Task ReadStateAsync(IList<ReleaseStatus> into, DrillPhaseResult phase, CancellationToken ct)
        {
            var service = new ReleaseStatusService(request.Cluster.Releases, request.Cluster.Pods, owner.time);
            foreach (var ns in drill.Groups.SelectMany(g => g.Releases).GroupBy(r => r.Namespace))
            {
                var names = ns.Select(r => r.Name).Distinct().ToList();
                IReadOnlyList<ReleaseResult<ReleaseStatus>> statuses = [];
                // A read that failed (a flaky API server) is tried again a few times before it becomes an observation.
                for (var attempt = 1; attempt <= StateReadAttempts; attempt++)
                {
                    var query = new ReleaseQuery { Names = names, Namespace = ns.Key, Context = request.Context };
                    statuses = await service.GetStatusAsync(query, includePods: false, ct).ConfigureAwait(false);
                    if (statuses.All(s => s.Value is not null) || attempt == StateReadAttempts)
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), owner.time, ct).ConfigureAwait(false);
                }

                foreach (var status in statuses)
                {
                    if (status.Value is { } s)
                    {
                        into.Add(s);
                    }
                    else if (status.Error is { } e)
                    {
                        Result.Observations.Add($"{phase.Name}: {e.Message}");
                    }
                }
            }

            phase.Message = string.Join("; ", into.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} revision {s.Revision} ({s.Status})")));
        }

        private static bool NeedsBaseline(DrillProbe p) =>
            p.Kind == DrillProbeKind.Prometheus && p.TolerancePercent is not null && p.Threshold is null && p.Query is not null && p.Url is not null;

        private async Task BaselineAsync(DrillPhaseResult phase, CancellationToken ct)
        {
            var wanted = drill.Probes.Where(NeedsBaseline).ToList();
            if (drill.Baseline is not { Capture: true } || wanted.Count == 0)
            {
                phase.Outcome = "Skipped";
                phase.Message = wanted.Count == 0 ? "No Prometheus probe compares with a baseline." : "baseline.capture is false.";
                return;
            }

            foreach (var probe in wanted)
            {
                var captured = await owner.baselines.CaptureAsync(probe.Url!, probe.Query!, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
                baselineValues[probe.Name] = captured.Value;
                Result.Baselines.Add(captured);
            }

            phase.Message = string.Join("; ", Result.Baselines.Select(b => b.ToString()));
        }

        private void PlanTheRest()
        {
            foreach (var step in drill.Steps)
            {
                Result.Steps.Add(steps.Planned(step, "Planned", request.SkipSteps.Contains(step.Name) ? "Would be skipped (-SkipStep)." : "Would run."));
            }

            var now = Now;
            foreach (var name in new[] { "Rollback", "Readiness", "Recovery" })
            {
                var message = name == "Rollback"
                    ? string.Join("; ", plans.Where(p => p.WillRun).Select(p => p.HelmCommand))
                    : name == "Recovery" ? string.Join("; ", drill.Objectives.Select(o => o.ToString())) : "kubectl rollout status rules on every workload of the releases";
                Result.Phases.Add(new DrillPhaseResult { Name = name, StartedAt = now, EndedAt = now, Outcome = "Planned", Message = message });
            }
        }

        private async Task StepsAsync(DrillStepPhase when, CancellationToken ct)
        {
            var list = drill.Steps.Where(s => s.Phase == when).ToList();
            if (list.Count == 0)
            {
                return;
            }

            var name = when switch
            {
                DrillStepPhase.BeforeRollback => "Steps (beforeRollback)",
                DrillStepPhase.AfterRollback => "Steps (afterRollback)",
                _ => "Steps (afterReadiness)",
            };
            await PhaseAsync(name, async (phase, t) =>
            {
                foreach (var step in list)
                {
                    if (request.SkipSteps.Contains(step.Name))
                    {
                        Result.Steps.Add(steps.Planned(step, "Skipped", "Skipped (-SkipStep)."));
                        continue;
                    }

                    if (DrillStepRunner.Mutates(step))
                    {
                        Result.ClockStartedAt ??= Now;
                    }

                    Transcript("step", $"{step.Name}: {Reports.CommandLine.Format(steps.CommandOf(step))}");
                    progress?.Report(new DrillProgress(name, $"{step.Name}: {Reports.CommandLine.Format(steps.CommandOf(step))}", 0, PhaseOrder.Length));
                    var done = await steps.RunAsync(step, t).ConfigureAwait(false);
                    Result.Steps.Add(done);
                    Transcript("step", $"{step.Name}: {done.Outcome}. {done.Message}");
                    t.ThrowIfCancellationRequested();
                    if (done.Outcome != "Succeeded" && !step.ContinueOnError)
                    {
                        throw new DrillPhaseException($"Step '{step.Name}' failed: {done.Message}");
                    }

                    if (done.Outcome != "Succeeded")
                    {
                        Result.Observations.Add($"Step '{step.Name}' failed and the drill went on (continueOnError): {done.Message}");
                    }
                }

                phase.Message = string.Join("; ", Result.Steps.Where(s => s.Phase == when).Select(s => $"{s.Name}: {s.Outcome}"));
            }, ct).ConfigureAwait(false);
        }

        private async Task RollbackGroupsAsync(DrillPhaseResult phase, DateTimeOffset deadlineAt, CancellationToken ct)
        {
            var service = new RollbackService(owner.time);
            var finishedGroups = 0;
            foreach (var group in drill.Groups)
            {
                var jobs = group.Releases
                    .Select(r => plans.FirstOrDefault(p => p.Name == r.Name && p.Namespace == r.Namespace))
                    .Where(p => p is { WillRun: true })
                    .Select(p => new RollbackJob(p!, request.Cluster))
                    .ToList();
                if (jobs.Count > 0)
                {
                    Result.ClockStartedAt ??= Now;
                    var options = request.RollbackOptions with { Timeout = Remaining(deadlineAt), ThrottleLimit = jobs.Count, Operation = $"Invoke-RollbackDrill {drill.Name}" };
                    var groupProgress = new Progress<RollbackProgress>(p => progress?.Report(new DrillProgress("Rollback", $"{group.Name}: {p.Release}: {p.Phase}: {p.Message}", 4, PhaseOrder.Length)));
                    Transcript("rollback", $"Group {group.Name}: " + string.Join("; ", jobs.Select(j => j.Plan.HelmCommand)));
                    var results = await service.RunAsync(jobs, options, groupProgress, ct).ConfigureAwait(false);
                    foreach (var r in results)
                    {
                        Result.Rollbacks.Add(r);
                        foreach (var line in r.Transcript)
                        {
                            Result.Transcript.Add(new ReportTranscriptEntry { Timestamp = line.Time, Source = $"{r.Name}/{line.Kind}", Text = line.Text });
                        }
                    }

                    ct.ThrowIfCancellationRequested();
                    var failed = results.Where(r => !r.Succeeded && r.Outcome != "Skipped").ToList();
                    if (failed.Count > 0)
                    {
                        throw new DrillPhaseException($"Rollback group '{group.Name}' failed: " + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Message}")));
                    }
                }

                finishedGroups++;
                Checkpoint();
                // A tier whose releases are all rolled back and ready starts its probe measurement now.
                var done = drill.Groups.Take(finishedGroups).SelectMany(g => g.Releases).ToList();
                var pending = drill.Groups.Skip(finishedGroups).SelectMany(g => g.Releases).ToList();
                StartMeasurements(drill.Objectives.Select(o => o.Tier).Where(t =>
                    done.Any(r => DrillVerdicts.InTier(r.Tier, t, drill)) && !pending.Any(r => DrillVerdicts.InTier(r.Tier, t, drill))), deadlineAt, ct);
            }

            phase.Message = string.Join("; ", Result.Rollbacks.Select(r => r.ToString()));
        }

        private async Task ReadinessAsync(DrillPhaseResult phase, DateTimeOffset deadlineAt, CancellationToken ct)
        {
            var waiter = new ReadinessWaiter(request.Cluster.Workloads, owner.time);
            var messages = new List<string>();
            foreach (var r in Result.Rollbacks.Where(r => r.Succeeded))
            {
                var ready = await waiter.WaitAsync(ReadinessTarget.ForRelease(r.Name, r.Namespace), request.Context, Remaining(deadlineAt), null, ct).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                if (!ready.Succeeded)
                {
                    throw new DrillPhaseException($"{r.Name} is not ready after the steps: {ready.Message}");
                }

                messages.Add($"{r.Name}: {ready.Message}");
            }

            phase.Message = messages.Count == 0 ? "No release was rolled back." : string.Join("; ", messages);
        }

        private async Task RecoveryAsync(DrillPhaseResult phase, CancellationToken ct)
        {
            if (measuring.Count == 0)
            {
                phase.Message = "No probes: recovery is judged on release readiness.";
                return;
            }

            await Task.WhenAll(measuring.Select(m => m.Task)).WaitAsync(ct).ConfigureAwait(false);
            await CollectMeasurementsAsync().ConfigureAwait(false);
            phase.Message = string.Join("; ", Result.Measurements.Select(m => m.ToString()));
            if (Result.Measurements.Any(m => m.Outcome != RecoveryOutcome.Recovered))
            {
                phase.Outcome = "Failed";
            }
        }

        private void StartMeasurements(IEnumerable<string> tiers, DateTimeOffset deadlineAt, CancellationToken ct)
        {
            foreach (var tier in tiers.ToList())
            {
                if (!tiersStarted.Add(tier))
                {
                    continue;
                }

                var probes = drill.Probes.Where(p => DrillVerdicts.InTier(p.Tier, tier, drill)).ToList();
                if (probes.Count == 0)
                {
                    continue;
                }

                var objective = drill.Objectives.First(o => string.Equals(o.Tier, tier, StringComparison.OrdinalIgnoreCase));
                List<RecoveryProbe> mapped;
                try
                {
                    mapped = probes.Select(p => request.MapProbe(p, baselineValues)).ToList();
                }
                catch (Exception ex) when (ex is DrillException or ArgumentException)
                {
                    Result.Observations.Add($"The probes of tier {tier} cannot run: {ex.Message}");
                    continue;
                }

                var recoveryRequest = new RecoveryRequest
                {
                    Name = $"{drill.Name}/{tier}",
                    Tier = tier,
                    Objective = objective.RecoveryTime,
                    Probes = mapped,
                    Since = Result.ClockStartedAt ?? Now,
                    Interval = probes.Select(p => p.Interval ?? request.ProbeInterval).Min(),
                    Timeout = Remaining(deadlineAt),
                };
                Transcript("recovery", $"Measuring tier {tier}: {string.Join(", ", probes.Select(p => p.Name))}");
                var service = new RecoveryMeasurementService(owner.checks, owner.time);
                measuring.Add((tier, Task.Run(() => service.MeasureAsync(recoveryRequest, null, ct), CancellationToken.None)));
            }
        }

        private async Task CollectMeasurementsAsync()
        {
            foreach (var (tier, task) in measuring.ToList())
            {
                measuring.RemoveAll(m => m.Task == task);
                try
                {
                    var m = await task.ConfigureAwait(false);
                    Result.Measurements.Add(m);
                    Transcript("recovery", m.ToString());
                }
                catch (DrillException ex)
                {
                    Result.Observations.Add($"Recovery measurement of tier {tier} failed: {ex.Message}");
                }
            }
        }

        private IEnumerable<(DrillStopCondition, IProbeCheck, TimeSpan)> StopConditions()
        {
            foreach (var stop in drill.StopConditions)
            {
                var probe = drill.Probes.First(p => p.Name == stop.Probe);
                yield return (stop, owner.checks.Create(request.MapProbe(probe, baselineValues)), probe.Interval ?? request.ProbeInterval);
            }
        }

        private TimeSpan Remaining(DateTimeOffset deadlineAt)
        {
            var left = deadlineAt - Now;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        private void Transcript(string source, string text) =>
            Result.Transcript.Add(new ReportTranscriptEntry { Timestamp = Now, Source = source, Text = Reports.ReportRedactor.Text(text) });

        private void Checkpoint()
        {
            try
            {
                request.Checkpoint?.Invoke(Result);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DrillException)
            {
                var note = "The journal could not be written: " + ex.Message;
                if (!Result.Observations.Contains(note))
                {
                    Result.Observations.Add(note);
                }
            }
        }
    }
}
