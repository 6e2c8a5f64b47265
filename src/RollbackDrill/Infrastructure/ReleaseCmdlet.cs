using System.Management.Automation;
using RollbackDrill.Engine.Services;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Base of the cmdlets that read Helm's release storage: -StorageDriver, one <see cref="ClusterReleaseReader"/>
/// per connection and driver (disposed with the cmdlet), and engine calls with progress ending in a Completed record.
/// </summary>
public abstract class ReleaseCmdlet : ClusterCmdlet
{
    private readonly Dictionary<string, ClusterReleaseReader> readers = new(StringComparer.Ordinal);

    /// <summary>Helm's storage driver; default from $env:HELM_DRIVER as helm does, else Secret.</summary>
    [Parameter]
    public HelmStorageDriver StorageDriver { get; set; }

    internal ClusterReleaseReader Reader()
    {
        var connection = Connection;
        var driver = MyInvocation.BoundParameters.ContainsKey(nameof(StorageDriver))
            ? StorageDriver
            : ClusterReleaseReader.DriverFromEnvironment(Environment.GetEnvironmentVariable("HELM_DRIVER"));
        var key = $"{connection.Info.Context}\n{connection.Info.Source}\n{driver}";
        if (!readers.TryGetValue(key, out var reader))
        {
            reader = new ClusterReleaseReader(connection, driver);
            readers[key] = reader;
        }

        return reader;
    }

    /// <summary>Runs an engine query, showing its progress, then writes each result: objects, or non-terminating errors.</summary>
    internal void RunAndWrite<T>(string activity, Func<IProgress<ReleaseProgress>, Task<IReadOnlyList<ReleaseResult<T>>>> work)
        where T : class
    {
        var progress = new ProgressRecord(1, activity, "Listing Helm release records");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<ReleaseResult<T>> results;
        try
        {
            results = EngineTaskRunner.Run<IReadOnlyList<ReleaseResult<T>>, ReleaseProgress>(
                work,
                p =>
                {
                    progress.StatusDescription = p.Status;
                    progress.PercentComplete = p.PercentComplete;
                    WriteProgress(progress);
                },
                CancellationToken);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        WriteVerbose(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{activity}: {results.Count(r => r.Value is not null)} object(s), {results.Count(r => r.Error is not null)} error(s) in {watch.ElapsedMilliseconds} ms."));
        foreach (var result in results)
        {
            if (result.Value is { } value)
            {
                WriteObject(value);
            }
            else if (result.Error is { } error)
            {
                WriteDrillError(error);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var reader in readers.Values)
            {
                reader.Dispose();
            }

            readers.Clear();
        }

        base.Dispose(disposing);
    }
}
