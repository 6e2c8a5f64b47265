namespace RollbackDrill.Sandbox;

/// <summary>One API request the sandbox answered.</summary>
public sealed record RequestLogEntry(DateTimeOffset Time, string Method, string Path, int Status)
{
    /// <summary>True for POST/PUT/PATCH/DELETE.</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";
}
