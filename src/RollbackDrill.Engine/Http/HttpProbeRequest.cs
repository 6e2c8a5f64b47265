namespace RollbackDrill.Engine.Http;

/// <summary>One request a probe sends.</summary>
public sealed record HttpProbeRequest(
    Uri Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    TimeSpan Timeout,
    bool SkipCertificateCheck);
