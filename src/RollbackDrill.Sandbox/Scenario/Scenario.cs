namespace RollbackDrill.Sandbox.Scenario;

/// <summary>A loaded scenario: namespaces, Helm releases with their revisions, plain workloads, faults.</summary>
public sealed partial class Scenario
{
    internal Scenario(string name, string sourcePath, IReadOnlyList<string> namespaces, IReadOnlyList<ScenarioRelease> releases,
        IReadOnlyList<ScenarioWorkload> workloads, IReadOnlyList<ScenarioFault> faults)
    {
        Name = name;
        SourcePath = sourcePath;
        Namespaces = namespaces;
        Releases = releases;
        Workloads = workloads;
        Faults = faults;
    }

    public string Name { get; }
    public string SourcePath { get; }
    public IReadOnlyList<string> Namespaces { get; }
    public IReadOnlyList<ScenarioRelease> Releases { get; }
    public IReadOnlyList<ScenarioWorkload> Workloads { get; }
    public IReadOnlyList<ScenarioFault> Faults { get; }
}
