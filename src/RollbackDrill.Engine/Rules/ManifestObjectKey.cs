namespace RollbackDrill.Engine.Rules;

/// <summary>Identifies one object in a Helm manifest: apiVersion, kind, namespace (may be empty) and name.</summary>
public sealed record ManifestObjectKey(string ApiVersion, string Kind, string Namespace, string Name)
{
    /// <summary>kubectl-like form, e.g. "apps/v1 Deployment videokit/videokit-api".</summary>
    public override string ToString() =>
        $"{ApiVersion} {Kind} {(string.IsNullOrEmpty(Namespace) ? string.Empty : Namespace + "/")}{Name}";
}
