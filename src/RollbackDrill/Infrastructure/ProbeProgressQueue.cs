using System.Collections.Concurrent;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Collects progress reports from the engine's worker threads; the pipeline thread drains them (PowerShell's
/// WriteProgress may only be called from the pipeline thread).
/// </summary>
internal sealed class ProbeProgressQueue<T> : IProgress<T>
{
    private readonly ConcurrentQueue<T> queue = new();

    public void Report(T value) => queue.Enqueue(value);

    public IEnumerable<T> Drain()
    {
        while (queue.TryDequeue(out var item))
        {
            yield return item;
        }
    }
}
