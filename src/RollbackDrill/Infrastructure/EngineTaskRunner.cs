using System.Collections.Concurrent;
using System.Management.Automation;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Runs engine work off the pipeline thread and drains its progress reports on the pipeline thread (WriteProgress
/// may only be called there). Ctrl+C (the cmdlet's token) stops the pipeline rather than surfacing as an error.
/// </summary>
internal static class EngineTaskRunner
{
    public static T Run<T, TProgress>(Func<IProgress<TProgress>, Task<T>> work, Action<TProgress> onProgress, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<TProgress>();
        var progress = new QueueProgress<TProgress>(queue);
        var task = Task.Run(() => work(progress), cancellationToken);
        _ = task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
        // Drained until the work ends (it observes the token itself), so no report is lost.
        foreach (var report in queue.GetConsumingEnumerable(CancellationToken.None))
        {
            onProgress(report);
        }

        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private sealed class QueueProgress<TProgress>(BlockingCollection<TProgress> queue) : IProgress<TProgress>
    {
        public void Report(TProgress value)
        {
            try
            {
                queue.TryAdd(value);
            }
            catch (InvalidOperationException)
            {
                // Completed or disposed (ObjectDisposedException): a late report is dropped.
            }
        }
    }
}
