namespace RollbackDrill.Sandbox.Scenario;

/// <summary>An HTTP health path served for a service (e.g. /readyz answering "Redis OK, Postgres OK").</summary>
public sealed record ScenarioHealthEndpoint(string Path, string Body);
