namespace RollbackDrill;

/// <summary>One line of the drill transcript kept for auditors: when, from where (a command, a cmdlet), what.</summary>
public sealed record ReportTranscriptEntry
{
    public DateTimeOffset? Timestamp { get; init; }

    public string? Source { get; init; }

    public required string Text { get; init; }

    public override string ToString() => Timestamp is { } t ? $"{t:O} {Source}: {Text}" : $"{Source}: {Text}";
}
