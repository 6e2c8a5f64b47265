namespace RollbackDrill.Engine.Annotations;

/// <summary>
/// The outcome of one annotation call: the annotation's id, or a warning to show the operator. Annotating never
/// fails a drill, so failures are a warning text (which never contains the token), not an exception.
/// </summary>
public sealed record GrafanaAnnotationResult
{
    /// <summary>The annotation id Grafana returned (or the one that was updated); null when the call failed.</summary>
    public long? Id { get; init; }

    /// <summary>Why the call failed, for WriteWarning; null on success.</summary>
    public string? Warning { get; init; }

    public bool Succeeded => Warning is null;

    public override string ToString() => Warning ?? $"Grafana annotation {Id}";
}
