namespace RollbackDrill.Engine.Http;

/// <summary>The answer to a probe request (the body is read up to a bounded size).</summary>
public sealed record HttpProbeResponse(int StatusCode, string Body);
