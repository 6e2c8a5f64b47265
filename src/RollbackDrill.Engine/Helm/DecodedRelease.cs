using System.Text.Json;

namespace RollbackDrill.Engine.Helm;

/// <summary>The fields of a decoded Helm release body (Helm 3 or 4 JSON) that RollbackDrill uses.</summary>
public sealed class DecodedRelease
{
    public string Name { get; init; } = string.Empty;

    public string Namespace { get; init; } = string.Empty;

    /// <summary>The body's <c>version</c>; 0 when absent.</summary>
    public int Version { get; init; }

    public string Status { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public DateTimeOffset? FirstDeployed { get; init; }

    public DateTimeOffset? LastDeployed { get; init; }

    public DateTimeOffset? Deleted { get; init; }

    public string ChartName { get; init; } = string.Empty;

    public string ChartVersion { get; init; } = string.Empty;

    public string AppVersion { get; init; } = string.Empty;

    public string Manifest { get; init; } = string.Empty;

    /// <summary>Helm 4's explicit rollback target, when the body has one.</summary>
    public int? RollbackRevision { get; init; }

    /// <summary>The user-supplied values (<c>config</c>); may hold secrets: only surfaced on request.</summary>
    public JsonElement? Config { get; init; }
}
