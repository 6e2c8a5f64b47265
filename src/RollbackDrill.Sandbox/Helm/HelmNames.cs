namespace RollbackDrill.Sandbox.Helm;

/// <summary>Naming rules of charts made with `helm create` (templates/_helpers.tpl).</summary>
public static class HelmNames
{
    /// <summary>helm create _helpers.tpl "fullname": the release name when it contains the chart name, else
    /// "&lt;release&gt;-&lt;chart&gt;"; truncated to 63 characters, trailing '-' trimmed.</summary>
    public static string Fullname(string release, string chart)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(chart);
        var name = release.Contains(chart, StringComparison.Ordinal) ? release : release + "-" + chart;
        return Trunc63(name);
    }

    /// <summary>helm create _helpers.tpl "chart" label value: "&lt;name&gt;-&lt;version&gt;" with '+' replaced by '_'.</summary>
    public static string ChartLabel(string chart, string version) =>
        Trunc63((chart + "-" + version).Replace('+', '_'));

    private static string Trunc63(string s) => (s.Length > 63 ? s[..63] : s).TrimEnd('-');
}
