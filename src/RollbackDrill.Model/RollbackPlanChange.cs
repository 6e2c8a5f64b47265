namespace RollbackDrill;

/// <summary>
/// One object that differs between the current and the target manifest, and for a changed object its changed
/// fields ("path: old → new"; Secret values are never shown).
/// </summary>
public sealed class RollbackPlanChange
{
    /// <summary>Added, Removed or Changed (going from the current revision to the target).</summary>
    public required string Change { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public string ApiVersion { get; init; } = string.Empty;

    public IReadOnlyList<string> Fields { get; init; } = [];

    public override string ToString() => Fields.Count == 0
        ? $"{Change} {Kind}/{Name}"
        : $"{Change} {Kind}/{Name}: {string.Join("; ", Fields)}";
}
