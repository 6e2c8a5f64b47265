using System.Text;
using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Services;

/// <summary>PowerShell-style wildcards (*, ?, [abc], [a-z], ` escapes), case-insensitive, without System.Management.Automation.</summary>
public sealed class NamePattern
{
    private readonly Regex? regex;

    public NamePattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = pattern;
        IsWildcard = pattern.IndexOfAny(['*', '?', '[']) >= 0;
        Literal = Unescape(pattern);
        if (IsWildcard)
        {
            regex = new Regex("^" + ToRegex(pattern) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }

    public string Text { get; }

    public bool IsWildcard { get; }

    /// <summary>The name with escapes removed (meaningful when not a wildcard).</summary>
    public string Literal { get; }

    public bool IsMatch(string name) => regex?.IsMatch(name) ?? string.Equals(name, Literal, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Text;

    private static string Unescape(string pattern) => pattern.Replace("`", string.Empty, StringComparison.Ordinal);

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    sb.Append('[').Append(pattern[(i + 1)..end].Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }
}
