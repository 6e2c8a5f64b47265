namespace RollbackDrill.Engine.Rules;

/// <summary>
/// One changed field of an object, e.g. <c>spec.template.spec.containers[name=api].image: a → b</c>.
/// Old/New are display forms (null = absent). When <see cref="Hidden"/> is true (Secret data/stringData) both are
/// null and the values are never carried.
/// </summary>
public sealed record ManifestFieldChange(string Path, ManifestChangeKind Change, string? OldValue, string? NewValue, bool Hidden)
{
    public override string ToString() => Hidden
        ? Change switch
        {
            ManifestChangeKind.Added => $"{Path}: added (secret value hidden)",
            ManifestChangeKind.Removed => $"{Path}: removed (secret value hidden)",
            _ => $"{Path}: changed (secret value hidden)",
        }
        : $"{Path}: {OldValue ?? "(absent)"} → {NewValue ?? "(absent)"}";
}
