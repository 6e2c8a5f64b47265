namespace RollbackDrill;

/// <summary>One line of a rollback's transcript: a command line, its output, a readiness event, a check, a pod.</summary>
public sealed class RollbackTranscriptEntry
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>Command, Stdout, Stderr, Exit, Readiness, Verification, Pods, Note.</summary>
    public required string Kind { get; init; }

    public required string Text { get; init; }

    public override string ToString() => $"{Time:HH:mm:ss.fff} {Kind}: {Text}";
}
