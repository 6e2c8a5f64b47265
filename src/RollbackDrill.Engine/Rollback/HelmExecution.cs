namespace RollbackDrill.Engine.Rollback;

/// <summary>What running helm rollback did: the command line, output, exit code and times.</summary>
public sealed record HelmExecution
{
    /// <summary>The command line for reading (the argv was passed as an array).</summary>
    public required string CommandLine { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public int ExitCode { get; init; }

    public string Stdout { get; init; } = string.Empty;

    public string Stderr { get; init; } = string.Empty;

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    /// <summary>helm was killed (Ctrl+C or the deadline) before it exited by itself.</summary>
    public bool Killed { get; init; }

    public bool Succeeded => ExitCode == 0 && !Killed;
}
