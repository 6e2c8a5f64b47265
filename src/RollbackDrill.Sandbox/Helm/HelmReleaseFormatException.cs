namespace RollbackDrill.Sandbox.Helm;

/// <summary>A stored Helm release record that cannot be decoded (never returned as garbage).</summary>
public sealed class HelmReleaseFormatException : Exception
{
    public HelmReleaseFormatException()
    {
    }

    public HelmReleaseFormatException(string message)
        : base(message)
    {
    }

    public HelmReleaseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
