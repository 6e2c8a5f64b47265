using System.Runtime.CompilerServices;

namespace RollbackDrill.Engine.Tests.Recovery;

internal static class TestThreadPool
{
    /// <summary>
    /// Timing tests run in parallel on 2 cores while others block threads (process start-up waits): without
    /// spare pool threads, timers and I/O completions wait for thread injection and timing assertions measure
    /// the test host instead of the engine.
    /// </summary>
#pragma warning disable CA2255 // Test-assembly set-up, not library code.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Init() => ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount * 8), 32);
}
