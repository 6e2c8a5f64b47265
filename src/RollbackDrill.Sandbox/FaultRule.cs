namespace RollbackDrill.Sandbox;

/// <summary>
/// An injected error: requests matching <see cref="PathContains"/>/<see cref="Verb"/> fail with
/// <see cref="StatusCode"/> at <see cref="Rate"/> (0..1), at most <see cref="Count"/> times when set.
/// 429 and 503 answers carry Retry-After: <see cref="RetryAfterSeconds"/>.
/// </summary>
public sealed record FaultRule(int StatusCode, double Rate = 1.0, string? PathContains = null, string? Verb = null, int? Count = null, int RetryAfterSeconds = 1);
