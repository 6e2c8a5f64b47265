using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Scenario;

/// <summary>One Helm release revision, with release defaults already applied.</summary>
public sealed class ScenarioRevision
{
    public required int Revision { get; init; }
    public required string Status { get; init; }
    public required string Description { get; init; }
    public required string ChartName { get; init; }
    public required string ChartVersion { get; init; }
    public string? AppVersion { get; init; }
    public required string ImageRepository { get; init; }
    public required string ImageTag { get; init; }
    public required int Replicas { get; init; }
    public TimeSpan ReadyAfter { get; init; }
    public bool NeverReady { get; init; }
    public int ProgressDeadlineSeconds { get; init; }
    public string? GitCommit { get; init; }

    /// <summary>The user-supplied values (Helm's release "config"); may hold secret-looking values.</summary>
    public required JsonObject Values { get; init; }

    public required DateTimeOffset DeployedAt { get; init; }

    /// <summary>False writes a pre-compression (not gzipped) record, as very old Helm 3 releases have.</summary>
    public bool Gzip { get; init; } = true;

    public string Image => ImageRepository + ":" + ImageTag;
}
