namespace RollbackDrill.Sandbox.Scenario;

/// <summary>The Service in front of a workload (ClusterIP, port → targetPort) and the health paths it answers.</summary>
public sealed record ScenarioService(string Name, int Port, int TargetPort, IReadOnlyList<ScenarioHealthEndpoint> Health);
