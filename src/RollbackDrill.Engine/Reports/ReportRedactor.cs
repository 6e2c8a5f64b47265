using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Keeps secret-looking values out of reports. The model has no field for values or tokens, but commands,
/// observations and transcript lines are free text: a token passed as --token, a password in --set, a bearer
/// header or credentials in a URL are replaced with "***" before anything is rendered.
/// </summary>
public static partial class ReportRedactor
{
    public const string Mask = "***";

    /// <summary>Flags whose next argument (or =value) is a secret (helm, kubectl, curl).</summary>
    private static readonly HashSet<string> SecretFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        "--token", "--password", "--pass", "--client-secret", "--secret", "--api-key", "--apikey",
        "--bearer-token", "--auth-token", "--client-key", "--username-password", "-u", "--user", "--oauth2-bearer",
    };

    /// <summary>Flags whose value is key=value[,key=value] where a secret-looking key's value is masked (helm --set).</summary>
    private static readonly HashSet<string> SetFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        "--set", "--set-string", "--set-literal", "--set-json", "--set-file",
    };

    /// <summary>A copy of the report with every free-text field and command redacted.</summary>
    public static DrillReport Redact(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var copy = new DrillReport
        {
            Title = Text(report.Title),
            Summary = TextOrNull(report.Summary),
            WindowStart = report.WindowStart,
            WindowEnd = report.WindowEnd,
            Environment = TextOrNull(report.Environment),
            Context = report.Context is { } c ? c with { Server = TextOrNull(c.Server) } : null,
            Operator = TextOrNull(report.Operator),
            ToolVersion = report.ToolVersion,
            GeneratedAt = report.GeneratedAt,
            DryRun = report.DryRun,
        };
        Copy(report.Releases, copy.Releases, Text);
        Copy(report.Objectives, copy.Objectives, o => o with { Name = Text(o.Name), Description = TextOrNull(o.Description) });
        Copy(report.Components, copy.Components, s => s with { Component = Text(s.Component), Status = TextOrNull(s.Status) });
        Copy(report.Steps, copy.Steps, s => s with
        {
            Name = Text(s.Name),
            Description = TextOrNull(s.Description),
            Command = Argv(s.Command),
            Outcome = TextOrNull(s.Outcome),
        });
        Copy(report.Probes, copy.Probes, p => p with { Name = Text(p.Name), Target = TextOrNull(p.Target), LastStatus = TextOrNull(p.LastStatus) });
        Copy(report.Timings, copy.Timings, t => t with { Name = Text(t.Name) });
        Copy(report.Observations, copy.Observations, Text);
        Copy(report.FollowUps, copy.FollowUps, Text);
        Copy(report.Artifacts, copy.Artifacts, Text);
        Copy(report.Transcript, copy.Transcript, t => t with { Text = Text(t.Text), Source = TextOrNull(t.Source) });
        return copy;
    }

    /// <summary>Masks secret values in an argument vector: the value after a secret flag, secret keys in --set, and any secret-looking word.</summary>
    public static IReadOnlyList<string> Argv(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var result = new List<string>(argv.Count);
        for (var i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = arg.StartsWith('-') && eq > 0 ? arg[..eq] : arg;
            if (SecretFlags.Contains(flag))
            {
                if (eq > 0)
                {
                    result.Add(flag + "=" + Mask);
                }
                else
                {
                    result.Add(arg);
                    if (i + 1 < argv.Count)
                    {
                        result.Add(Mask);
                        i++;
                    }
                }

                continue;
            }

            if (SetFlags.Contains(flag))
            {
                if (eq > 0)
                {
                    result.Add(flag + "=" + SetValue(arg[(eq + 1)..]));
                }
                else
                {
                    result.Add(arg);
                    if (i + 1 < argv.Count)
                    {
                        result.Add(SetValue(argv[++i]));
                    }
                }

                continue;
            }

            result.Add(Text(arg));
        }

        return result;
    }

    /// <summary>Masks secret-looking values in free text: key=value / key: value for secret keys, bearer tokens, URL credentials, JWTs.</summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = KeyValue().Replace(text, m => m.Groups["key"].Value + m.Groups["sep"].Value + Mask);
        s = SpacedKeyValue().Replace(s, m => m.Groups["key"].Value + m.Groups["sep"].Value + Mask);
        s = Bearer().Replace(s, m => m.Groups["scheme"].Value + " " + Mask);
        s = UrlCredentials().Replace(s, m => m.Groups["scheme"].Value + Mask + "@");
        s = Jwt().Replace(s, Mask);
        return s;
    }

    private static string? TextOrNull(string? text) => text is null ? null : Text(text);

    private static string SetValue(string value) =>
        string.Join(',', value.Split(',').Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            return eq > 0 && SecretKey().IsMatch(pair[..eq]) ? pair[..(eq + 1)] + Mask : Text(pair);
        }));

    private static void Copy<T>(IList<T> from, IList<T> to, Func<T, T> map)
    {
        foreach (var item in from)
        {
            to.Add(map(item));
        }
    }

    [GeneratedRegex(@"(password|passwd|pwd|secret|token|api[-_]?key|apikey|credential|private[-_]?key|access[-_]?key|auth)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"(?<key>[\w.\-]*(?:password|passwd|pwd|secret|token|api[-_]?key|apikey|credential|private[-_]?key|access[-_]?key)[\w.\-]*)(?<sep>\s*[=:]\s*)(?!\*\*\*)(?<value>""[^""]*""|'[^']*'|[^\s,;&]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    // "token abc123..." in prose: a secret word followed by a token-like value (8+ characters with a digit, no spaces).
    [GeneratedRegex(@"(?<key>\b(?:password|passwd|secret|token|api[-_ ]?key|apikey|credential)s?)(?<sep>\s+)(?!\*\*\*)(?=[^\s]*\d)[^\s,;]{8,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpacedKeyValue();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic))\s+(?!\*\*\*)[A-Za-z0-9\-._~+/=]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.\-]*://)[^/\s:@]+:[^/\s@]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")]
    private static partial Regex Jwt();
}
