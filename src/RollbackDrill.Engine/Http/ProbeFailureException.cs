namespace RollbackDrill.Engine.Http;

/// <summary>
/// A check could not get an answer, with the reason in plain words. <see cref="Permanent"/> marks failures that
/// retrying cannot fix (e.g. Prometheus rejected the query as bad_data).
/// </summary>
public sealed class ProbeFailureException : Exception
{
    public ProbeFailureException(string message, bool permanent = false, Exception? inner = null)
        : base(message, inner) => Permanent = permanent;

    public ProbeFailureException()
    {
    }

    public ProbeFailureException(string message)
        : base(message)
    {
    }

    public ProbeFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Permanent { get; }
}
