namespace RollbackDrill;

/// <summary>
/// Every ErrorId the module emits, in one place. They are part of the public contract: scripts match on
/// <c>$_.FullyQualifiedErrorId</c>, so an id is never renamed once shipped.
/// </summary>
public static class ErrorIds
{
    // Connection and configuration (setup failures: terminating).
    public const string KubeconfigNotFound = "KubeconfigNotFound";
    public const string KubeconfigInvalid = "KubeconfigInvalid";
    public const string ContextNotFound = "ContextNotFound";
    public const string ContextRequired = "ContextRequired";
    public const string ClusterUnreachable = "ClusterUnreachable";

    // Cluster API failures (per target: non-terminating).
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string PermissionDenied = "PermissionDenied";
    public const string ResourceNotFound = "ResourceNotFound";
    public const string ResourceBusy = "ResourceBusy";
    public const string OperationTimeout = "OperationTimeout";
    public const string ApiError = "ApiError";

    // Helm storage.
    public const string ReleaseNotFound = "ReleaseNotFound";
    public const string RevisionNotFound = "RevisionNotFound";
    public const string ReleaseRecordCorrupt = "ReleaseRecordCorrupt";
    public const string Helm2ReleaseNotSupported = "Helm2ReleaseNotSupported";

    // Workloads (Wait-ReleaseReady, Set-WorkloadScale, Undo-WorkloadRollout).
    public const string WorkloadRolloutFailed = "WorkloadRolloutFailed";
    public const string WorkloadReadinessTimeout = "WorkloadReadinessTimeout";
    public const string ReleaseHasNoWorkloads = "ReleaseHasNoWorkloads";
    public const string ScalePreconditionFailed = "ScalePreconditionFailed";
    public const string WorkloadNotScalable = "WorkloadNotScalable";
    public const string RolloutUndoRefused = "RolloutUndoRefused";

    // Rollbacks (Get-RollbackPlan, Invoke-Rollback).
    public const string RollbackSkipped = "RollbackSkipped";
    public const string RollbackFailed = "RollbackFailed";
    public const string RollbackTimedOut = "RollbackTimedOut";
    public const string RollbackStopped = "RollbackStopped";
    public const string RollbackPlanStale = "RollbackPlanStale";
    public const string RollbackNotConfirmed = "RollbackNotConfirmed";
    public const string HelmNotFound = "HelmNotFound";
    public const string HelmVersionUnsupported = "HelmVersionUnsupported";

    // Input.
    public const string InvalidArgument = "InvalidArgument";
    public const string DrillFileInvalid = "DrillFileInvalid";

    // Reports.
    public const string ReportInputNotRecognized = "ReportInputNotRecognized";
    public const string ReportFileExists = "ReportFileExists";
    public const string ReportPathNotWritable = "ReportPathNotWritable";
    public const string ReportFormatUnknown = "ReportFormatUnknown";

    // Recovery measurement.
    public const string InvalidProbe = "InvalidProbe";
    public const string ProbeFaulted = "ProbeFaulted";
    public const string BaselineCaptureFailed = "BaselineCaptureFailed";

    // Sandbox.
    public const string SandboxScenarioInvalid = "SandboxScenarioInvalid";
    public const string SandboxStartFailed = "SandboxStartFailed";
    public const string SandboxNotFound = "SandboxNotFound";

    // Input files (appended in session 2).
    public const string DrillFileNotFound = "DrillFileNotFound";
    // Drills (Invoke-RollbackDrill).
    public const string DrillPlanFailed = "DrillPlanFailed";
    public const string DrillStepFailed = "DrillStepFailed";
    public const string DrillFailed = "DrillFailed";
    public const string DrillAborted = "DrillAborted";
    public const string DrillStopped = "DrillStopped";
    public const string DrillObjectiveMissed = "DrillObjectiveMissed";
    public const string DrillJournalNotWritable = "DrillJournalNotWritable";
    // Report templates (Export-DrillReport -Template).
    public const string ReportTemplateNotFound = "ReportTemplateNotFound";
    public const string ReportTemplateInvalid = "ReportTemplateInvalid";
    public const string ReportTemplateFailed = "ReportTemplateFailed";
    // Import-DrillReport.
    public const string ReportFileNotFound = "ReportFileNotFound";
    public const string ReportFileUnreadable = "ReportFileUnreadable";
    public const string ReportJsonInvalid = "ReportJsonInvalid";
    public const string ReportNotRollbackDrill = "ReportNotRollbackDrill";
    public const string ReportSchemaUnsupported = "ReportSchemaUnsupported";

    // Assert-RecoveryObjective.
    public const string RecoveryObjectiveBreached = "RecoveryObjectiveBreached";
    public const string RecoveryObjectiveMissing = "RecoveryObjectiveMissing";
    // Concurrency (the release lock in the cluster).
    public const string ReleaseLocked = "ReleaseLocked";
}
