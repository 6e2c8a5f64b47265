namespace RollbackDrill;

/// <summary>A drill file that cannot be used, with every mistake found (not only the first).</summary>
public sealed class DrillFileException : Exception
{
    public DrillFileException(string path, IReadOnlyList<DrillFileError> errors)
        : base(BuildMessage(path, errors))
    {
        Path = path;
        Errors = errors;
    }

    public DrillFileException()
        : this(string.Empty, [])
    {
    }

    public DrillFileException(string message)
        : base(message)
    {
        Path = string.Empty;
        Errors = [];
    }

    public DrillFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
        Errors = [];
    }

    public string Path { get; }

    public IReadOnlyList<DrillFileError> Errors { get; }

    private static string BuildMessage(string path, IReadOnlyList<DrillFileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = errors.Select(e => "  " + e.ToString());
        return $"The drill file '{path}' has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
