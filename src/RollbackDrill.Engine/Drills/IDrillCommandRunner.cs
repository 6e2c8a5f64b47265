namespace RollbackDrill.Engine.Drills;

/// <summary>Runs a drill's command step (a smoke test, a script).</summary>
public interface IDrillCommandRunner
{
    Task<DrillCommandResult> RunAsync(IReadOnlyList<string> argv, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Exit code (null when killed at the timeout) and the tail of stdout+stderr.</summary>
public sealed record DrillCommandResult(int? ExitCode, bool TimedOut, string Output);
