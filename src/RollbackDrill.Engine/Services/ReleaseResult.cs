namespace RollbackDrill.Engine.Services;

/// <summary>One result of a release query: an object to output, or an error for one target (the others keep flowing).</summary>
public sealed class ReleaseResult<T>
    where T : class
{
    public ReleaseResult(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public ReleaseResult(DrillException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public T? Value { get; }

    public DrillException? Error { get; }

    public override string ToString() => Value?.ToString() ?? Error?.ErrorId ?? string.Empty;
}
