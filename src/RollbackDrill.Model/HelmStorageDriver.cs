namespace RollbackDrill;

/// <summary>Where Helm keeps release records: Secrets (Helm's default) or ConfigMaps (HELM_DRIVER=configmap).</summary>
public enum HelmStorageDriver
{
    Secret,
    ConfigMap,
}
