using Xunit;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>
/// Tests that assert timing (error bounds in milliseconds) or start real Prometheus/Alertmanager run alone, after
/// the parallel tests: on a 2-core machine, parallel work would make the test host, not the engine, miss the bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingTests
{
    public const string Name = "recovery-timing";
}
