using System.Globalization;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Runs a drill's custom steps: scale (kubectl scale's /scale write, then kubectl rollout status's wait), undo a
/// Deployment rollout (kubectl rollout undo's rules, then the wait), run a command, pause. Each step is described by
/// the exact command an operator would type, which goes into the report's procedure.
/// </summary>
internal sealed class DrillStepRunner(IWorkloadApi workloads, IDrillCommandRunner commands, TimeProvider time, string context, string defaultNamespace, string? workingDirectory)
{
    private static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Whether the step writes to the cluster (and so starts the RTO clock).</summary>
    public static bool Mutates(DrillStep step) => step.Kind is DrillStepKind.Scale or DrillStepKind.UndoRollout;

    /// <summary>The command line the step stands for (kubectl for cluster steps, the argv for run steps).</summary>
    public IReadOnlyList<string> CommandOf(DrillStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var ns = step.Namespace ?? defaultNamespace;
        return step.Kind switch
        {
            DrillStepKind.Scale => ["kubectl", "scale", Workload(step).Spec, string.Create(CultureInfo.InvariantCulture, $"--replicas={step.Replicas}"), "-n", ns, "--context", context],
            DrillStepKind.UndoRollout => step.ToRevision is { } rev
                ? ["kubectl", "rollout", "undo", Workload(step).Spec, string.Create(CultureInfo.InvariantCulture, $"--to-revision={rev}"), "-n", ns, "--context", context]
                : ["kubectl", "rollout", "undo", Workload(step).Spec, "-n", ns, "--context", context],
            DrillStepKind.Run => step.Command,
            _ => [],
        };
    }

    public string? TargetOf(DrillStep step) => step.Kind is DrillStepKind.Scale or DrillStepKind.UndoRollout
        ? $"{Workload(step).Spec} in {step.Namespace ?? defaultNamespace}"
        : null;

    public async Task<DrillStepResult> RunAsync(DrillStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var started = time.GetUtcNow();
        var timeout = step.Timeout ?? DefaultStepTimeout;
        try
        {
            var (outcome, message, exit, output) = step.Kind switch
            {
                DrillStepKind.Scale => await ScaleAsync(step, timeout, cancellationToken).ConfigureAwait(false),
                DrillStepKind.UndoRollout => await UndoAsync(step, timeout, cancellationToken).ConfigureAwait(false),
                DrillStepKind.Run => await RunCommandAsync(step, timeout, cancellationToken).ConfigureAwait(false),
                _ => await PauseAsync(step, cancellationToken).ConfigureAwait(false),
            };
            return Result(step, started, outcome, message, exit, output);
        }
        catch (DrillException ex)
        {
            return Result(step, started, "Failed", ex.Message, null, null);
        }
        catch (OperationCanceledException)
        {
            return Result(step, started, "Stopped", "Stopped before the step finished; its change may be partly applied.", null, null);
        }
    }

    public DrillStepResult Planned(DrillStep step, string outcome, string message) => new()
    {
        Name = step.Name, Kind = step.Kind, Phase = step.Phase, Target = TargetOf(step), Command = CommandOf(step), Outcome = outcome, Message = message,
    };

    private DrillStepResult Result(DrillStep step, DateTimeOffset started, string outcome, string message, int? exit, string? output) => new()
    {
        Name = step.Name,
        Kind = step.Kind,
        Phase = step.Phase,
        Target = TargetOf(step),
        Command = CommandOf(step),
        StartedAt = started,
        EndedAt = time.GetUtcNow(),
        Outcome = outcome,
        Message = message,
        ExitCode = exit,
        Output = output,
    };

    private async Task<(string, string, int?, string?)> ScaleAsync(DrillStep step, TimeSpan timeout, CancellationToken ct)
    {
        var workload = Ref(step);
        var scaled = await new ScaleService(workloads, time).ScaleAsync(workload, step.Replicas ?? 0, null, ct).ConfigureAwait(false);
        var ready = await WaitAsync(workload, timeout, ct).ConfigureAwait(false);
        var what = scaled.Changed
            ? string.Create(CultureInfo.InvariantCulture, $"Scaled {workload} from {scaled.PreviousReplicas} to {scaled.Replicas} replicas")
            : string.Create(CultureInfo.InvariantCulture, $"{workload} already had {scaled.Replicas} replicas");
        return ready.Succeeded ? ("Succeeded", $"{what}; {ready.Message}", null, null) : ("Failed", $"{what}, but: {ready.Message}", null, null);
    }

    private async Task<(string, string, int?, string?)> UndoAsync(DrillStep step, TimeSpan timeout, CancellationToken ct)
    {
        var workload = Ref(step);
        var undo = new UndoService(workloads, time);
        var preview = await undo.PlanAsync(workload, step.ToRevision ?? 0, ct).ConfigureAwait(false);
        var applied = await undo.ApplyAsync(preview, ct).ConfigureAwait(false);
        if (applied is null)
        {
            return ("Succeeded", UndoService.Describe(preview), null, null);
        }

        var ready = await WaitAsync(workload, timeout, ct).ConfigureAwait(false);
        return (ready.Succeeded ? "Succeeded" : "Failed", $"{UndoService.Describe(preview)}; {ready.Message}", null, null);
    }

    private async Task<(string, string, int?, string?)> RunCommandAsync(DrillStep step, TimeSpan timeout, CancellationToken ct)
    {
        var dir = step.WorkingDirectory is { } d && workingDirectory is { } baseDir ? Path.Combine(baseDir, d) : step.WorkingDirectory ?? workingDirectory;
        var result = await commands.RunAsync(step.Command, dir, timeout, ct).ConfigureAwait(false);
        if (result.TimedOut)
        {
            return ("Failed", $"Timed out after {timeout} and was killed.", null, result.Output);
        }

        return result.ExitCode == 0
            ? ("Succeeded", "Exit code 0.", 0, result.Output)
            : ("Failed", string.Create(CultureInfo.InvariantCulture, $"Exit code {result.ExitCode}."), result.ExitCode, result.Output);
    }

    private async Task<(string, string, int?, string?)> PauseAsync(DrillStep step, CancellationToken ct)
    {
        var duration = step.Duration ?? TimeSpan.Zero;
        await Task.Delay(duration, time, ct).ConfigureAwait(false);
        return ("Succeeded", $"Paused {duration}.", null, null);
    }

    private Task<ReadinessResult> WaitAsync(WorkloadRef workload, TimeSpan timeout, CancellationToken ct) =>
        new ReadinessWaiter(workloads, time).WaitAsync(ReadinessTarget.ForWorkloads(workload.Namespace, [workload]), context, timeout, null, ct);

    private WorkloadRef Ref(DrillStep step)
    {
        var (kind, name, spec) = Workload(step);
        var normalized = WorkloadKinds.Normalize(kind) ?? throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument,
            $"Step '{step.Name}': '{spec}' cannot be scaled or rolled back here; use deployment/NAME or statefulset/NAME.", step.Name);
        return new WorkloadRef(normalized, step.Namespace ?? defaultNamespace, name);
    }

    private static (string Kind, string Name, string Spec) Workload(DrillStep step)
    {
        var text = step.Workload ?? string.Empty;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? (text, string.Empty, text) : (text[..slash], text[(slash + 1)..], text);
    }
}
