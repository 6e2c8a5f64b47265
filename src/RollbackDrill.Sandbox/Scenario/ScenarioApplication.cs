using RollbackDrill.Sandbox.Health;

namespace RollbackDrill.Sandbox.Scenario;

/// <summary>The result of <see cref="Scenario.ApplyTo"/>: the health endpoints and the helm emulator registered
/// on the cluster.</summary>
public sealed class ScenarioApplication
{
    internal ScenarioApplication(Scenario scenario, HealthEndpoints health, Helm.HelmRollbackEmulator helm)
    {
        Scenario = scenario;
        Health = health;
        Helm = helm;
    }

    public Scenario Scenario { get; }
    public HealthEndpoints Health { get; }
    public Helm.HelmRollbackEmulator Helm { get; }

    /// <summary>"namespace/service" → health base URL (needs the cluster started).</summary>
    public IReadOnlyDictionary<string, Uri> HealthUrls => Health.Urls;
}
