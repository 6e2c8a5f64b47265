using System.Management.Automation;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Base of every RollbackDrill cmdlet: a cancellation token cancelled by Ctrl+C (StopProcessing) and disposed with
/// the cmdlet (EndProcessing is skipped on Ctrl+C), and one mapping from engine errors to ErrorRecords.
/// </summary>
public abstract class DrillCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private bool disposed;

    protected CancellationToken CancellationToken => cancellation.Token;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing() => cancellation.Cancel();

    protected virtual void Dispose(bool disposing)
    {
        if (!disposed && disposing)
        {
            cancellation.Dispose();
        }

        disposed = true;
    }

    /// <summary>A non-terminating error for one failed target; the remaining input keeps flowing.</summary>
    protected void WriteDrillError(DrillException error, object? target = null) => WriteError(ToErrorRecord(error, target));

    /// <summary>A terminating error, for setup failures only (no usable connection, unreadable input file).</summary>
    protected void ThrowDrillError(DrillException error, object? target = null) => ThrowTerminatingError(ToErrorRecord(error, target));

    /// <summary>The same error with a recommended action, for engine errors that came without one.</summary>
    protected static DrillException WithAdvice(DrillException error, string recommendedAction)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.RecommendedAction is not null
            ? error
            : new DrillException(error.ErrorId, error.Kind, error.Message, error.Target, error.InnerException) { RecommendedAction = recommendedAction };
    }

    protected internal static ErrorRecord ToErrorRecord(DrillException error, object? target = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var record = new ErrorRecord(error, error.ErrorId, MapCategory(error.Kind), target ?? error.Target);
        if (error.RecommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
        }

        return record;
    }

    protected static ErrorCategory MapCategory(DrillErrorKind kind) => kind switch
    {
        DrillErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        DrillErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        DrillErrorKind.InvalidData => ErrorCategory.InvalidData,
        DrillErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        DrillErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
        DrillErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        DrillErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
        DrillErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        DrillErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        DrillErrorKind.NotImplemented => ErrorCategory.NotImplemented,
        DrillErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        _ => ErrorCategory.NotSpecified,
    };
}
