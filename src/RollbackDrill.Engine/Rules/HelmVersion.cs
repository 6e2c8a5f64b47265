using System.Globalization;
using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// A Helm client version as `helm version --short` prints it: "v3.15.4+gfa9efb0", "v4.0.0", "v4.1.0-rc.1+g1234567";
/// Helm 2 printed "Client: v2.17.0+ga690bad".
/// </summary>
/// <param name="Major">Major version.</param>
/// <param name="Minor">Minor version.</param>
/// <param name="Patch">Patch version.</param>
/// <param name="PreRelease">The pre-release part (e.g. "rc.1"), when present.</param>
/// <param name="GitCommit">The short git commit from the build metadata (without its "g" prefix), when present.</param>
/// <param name="Text">The version text as parsed (e.g. "v3.15.4+gfa9efb0").</param>
public sealed partial record HelmVersion(int Major, int Minor, int Patch, string? PreRelease, string? GitCommit, string Text)
{
    /// <summary>The major version as <see cref="HelmMajor"/>; null for majors RollbackDrill does not drive (e.g. Helm 2).</summary>
    public HelmMajor? SupportedMajor => Major switch
    {
        3 => HelmMajor.V3,
        4 => HelmMajor.V4,
        _ => null,
    };

    /// <summary>Parses `helm version --short` output; throws <see cref="FormatException"/> when it holds no version.</summary>
    public static HelmVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a Helm version (expected e.g. v3.15.4+gfa9efb0).");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HelmVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = VersionPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var build = match.Groups["build"].Success ? match.Groups["build"].Value : null;
        var commit = build is { Length: > 1 } && build[0] == 'g' ? build[1..] : build;
        version = new HelmVersion(
            int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["patch"].Value, CultureInfo.InvariantCulture),
            match.Groups["pre"].Success ? match.Groups["pre"].Value : null,
            commit,
            match.Value);
        return true;
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"v?(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(?:-(?<pre>[0-9A-Za-z.\-]+))?(?:\+(?<build>[0-9A-Za-z.\-]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
