using System.Text;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Renders an argument vector as one POSIX shell command line that, pasted into bash, runs exactly that argv:
/// plain words stay bare, anything else is single-quoted, and control characters use $'...' quoting.
/// </summary>
public static class CommandLine
{
    public static string Format(IEnumerable<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        return string.Join(' ', argv.Select(Quote));
    }

    // bash QUOTING: single quotes preserve every character except ' itself; $'...' (ANSI-C quoting) is needed for
    // control characters to stay visible and on one line.
    public static string Quote(string arg)
    {
        ArgumentNullException.ThrowIfNull(arg);
        if (arg.Length == 0)
        {
            return "''";
        }

        if (arg.All(IsPlain))
        {
            return arg;
        }

        if (!arg.Any(char.IsControl))
        {
            return "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        }

        var sb = new StringBuilder("$'");
        foreach (var c in arg)
        {
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                '\\' => sb.Append("\\\\"),
                '\'' => sb.Append("\\'"),
                _ when char.IsControl(c) => sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('\'').ToString();
    }

    private static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/' or ':' or ',' or '@' or '%' or '+' or '=';
}
