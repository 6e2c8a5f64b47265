namespace RollbackDrill;

/// <summary>One mistake in a drill file: where it is (file, 1-based line and column), which field, and what is wrong.</summary>
public sealed class DrillFileError
{
    public required string Path { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    /// <summary>The field's path in the document, e.g. <c>spec.groups[0].releases[1].revision</c>.</summary>
    public required string Field { get; init; }

    public required string Message { get; init; }

    public override string ToString() => Line > 0
        ? $"{Path}:{Line}:{Column}: {Field}: {Message}"
        : $"{Path}: {(Field.Length > 0 ? Field + ": " : string.Empty)}{Message}";
}
