namespace RollbackDrill;

/// <summary>What kind of failure an engine error is; the cmdlet layer maps it to PowerShell's ErrorCategory.</summary>
public enum DrillErrorKind
{
    NotSpecified,
    ObjectNotFound,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    AuthenticationError,
    PermissionDenied,
    ResourceBusy,
    OperationTimeout,
    ConnectionError,
    NotImplemented,
    LimitsExceeded,
}

/// <summary>
/// An error the engine reports to the cmdlet layer: a stable <see cref="ErrorId"/>, a message that says what was
/// wrong and what to do, the kind of failure and the target it concerns (release, workload, file).
/// </summary>
public sealed class DrillException : Exception
{
    public DrillException(string errorId, DrillErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public DrillException()
        : this(ErrorIds.ApiError, DrillErrorKind.NotSpecified, "RollbackDrill error.")
    {
    }

    public DrillException(string message)
        : this(ErrorIds.ApiError, DrillErrorKind.NotSpecified, message)
    {
    }

    public DrillException(string message, Exception innerException)
        : this(ErrorIds.ApiError, DrillErrorKind.NotSpecified, message, null, innerException)
    {
    }

    public string ErrorId { get; }

    public DrillErrorKind Kind { get; }

    public object? Target { get; }

    /// <summary>A short recommended action, shown as the error's RecommendedAction where present.</summary>
    public string? RecommendedAction { get; init; }
}
