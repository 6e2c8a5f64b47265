namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// The API server answered a watch with 410 Gone (Kubernetes API concepts, "Efficient detection of changes": the
/// resourceVersion is older than the server keeps): the client must list again and watch from the new list.
/// </summary>
public sealed class WatchExpiredException : Exception
{
    public WatchExpiredException()
        : base("The watch's resourceVersion is too old (410 Gone).")
    {
    }

    public WatchExpiredException(string message)
        : base(message)
    {
    }

    public WatchExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
