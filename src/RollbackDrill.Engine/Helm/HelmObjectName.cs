using System.Globalization;

namespace RollbackDrill.Engine.Helm;

/// <summary>
/// Helm storage object names. Helm 3/4 storage (pkg/storage/driver): key = "sh.helm.release.v1." + name + ".v" + version.
/// </summary>
public static class HelmObjectName
{
    public const string Prefix = "sh.helm.release.v1.";

    public static string Format(string release, int revision) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{release}.v{revision}");

    /// <summary>The release name and revision in a storage object name, or null when it is not one.</summary>
    public static (string Name, int Revision)? TryParse(string objectName)
    {
        if (objectName is null || !objectName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = objectName[Prefix.Length..];
        var dot = rest.LastIndexOf(".v", StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(rest.AsSpan(dot + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return null;
        }

        return (rest[..dot], revision);
    }
}
