namespace RollbackDrill.Sandbox.Helm;

/// <summary>An error worded exactly as helm reports it (the CLI prints "Error: " + Message and exits 1).</summary>
public sealed class HelmCommandException : Exception
{
    public HelmCommandException()
    {
    }

    public HelmCommandException(string message)
        : base(message)
    {
    }

    public HelmCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
