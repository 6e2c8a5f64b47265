using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Services;

/// <summary>The records of one release (one storage namespace, one name), oldest revision first.</summary>
public sealed record ReleaseGroup(string Namespace, string Name, IReadOnlyList<ReleaseRecord> Records)
{
    /// <summary>The newest revision: what helm status shows (pkg/action/status.go → Releases.Last: highest version).</summary>
    public ReleaseRecord Newest => Records[^1];
}
