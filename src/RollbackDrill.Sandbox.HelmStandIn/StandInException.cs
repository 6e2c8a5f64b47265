namespace RollbackDrill.Sandbox.HelmStandIn;

/// <summary>An error the stand-in reports as helm does: "Error: " + Message on stderr, exit code 1.</summary>
internal sealed class StandInException : Exception
{
    public StandInException()
    {
    }

    public StandInException(string message)
        : base(message)
    {
    }

    public StandInException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
