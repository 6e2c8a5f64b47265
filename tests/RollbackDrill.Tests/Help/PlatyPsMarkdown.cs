using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RollbackDrill.Tests.Help;

/// <summary>
/// Reads and writes cmdlet help markdown in the Microsoft.PowerShell.PlatyPS 1.x schema (front matter, SYNOPSIS,
/// SYNTAX, ALIASES, DESCRIPTION, EXAMPLES, PARAMETERS with a yaml block each, INPUTS, OUTPUTS, NOTES, RELATED LINKS).
/// </summary>
public static partial class PlatyPsMarkdown
{
    public static CommandDoc Parse(string text, string name)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var doc = new CommandDoc { Name = name };
        var fm = FrontMatterRegex().Match(text);
        if (fm.Success)
        {
            foreach (var line in fm.Groups[1].Value.Split('\n'))
            {
                var i = line.IndexOf(':', StringComparison.Ordinal);
                if (i > 0)
                {
                    doc.FrontMatter[line[..i].Trim()] = line[(i + 1)..].Trim();
                }
            }

            text = text[fm.Length..];
        }

        foreach (var (heading, body) in Sections(text, "## "))
        {
            switch (heading.ToUpperInvariant())
            {
                case "SYNOPSIS": doc.Synopsis = body.Trim(); break;
                case "ALIASES": doc.Aliases = body.Trim(); break;
                case "DESCRIPTION": doc.Description = body.Trim(); break;
                case "NOTES": doc.Notes = body.Trim(); break;
                case "SYNTAX":
                    foreach (var (set, setBody) in Sections(body, "### "))
                    {
                        doc.Syntax.Add((set, FirstCodeBlock(setBody).Trim()));
                    }

                    break;
                case "EXAMPLES":
                    foreach (var (title, exBody) in Sections(body, "### "))
                    {
                        var code = FirstCodeBlock(exBody);
                        var after = CodeBlockRegex().Replace(exBody, string.Empty, 1).Trim();
                        doc.Examples.Add(new ExampleDoc { Title = title, Code = code.Trim(), Remarks = after });
                    }

                    break;
                case "PARAMETERS":
                    foreach (var (pname, pBody) in Sections(body, "### "))
                    {
                        if (pname == "CommonParameters")
                        {
                            continue;
                        }

                        doc.Parameters.Add(ParseParameter(pname.TrimStart('-'), pBody));
                    }

                    break;
                case "INPUTS":
                    doc.Inputs.AddRange(Sections(body, "### ").Select(s => (s.Heading, s.Body.Trim())));
                    break;
                case "OUTPUTS":
                    doc.Outputs.AddRange(Sections(body, "### ").Select(s => (s.Heading, s.Body.Trim())));
                    break;
                case "RELATED LINKS":
                    foreach (Match m in LinkRegex().Matches(body))
                    {
                        doc.Links.Add((m.Groups[1].Value, m.Groups[2].Value));
                    }

                    break;
            }
        }

        return doc;
    }

    public static string Write(CommandDoc doc)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        foreach (var (k, v) in doc.FrontMatter)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{k}: {v}\n");
        }

        sb.Append("---\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"# {doc.Name}\n\n## SYNOPSIS\n\n{doc.Synopsis}\n\n## SYNTAX\n\n");
        foreach (var (set, line) in doc.Syntax)
        {
            sb.Append(CultureInfo.InvariantCulture, $"### {set}\n\n```\n{line}\n```\n\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"## ALIASES\n\n{(doc.Aliases.Length == 0 ? "This cmdlet has no aliases." : doc.Aliases)}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"## DESCRIPTION\n\n{doc.Description}\n\n## EXAMPLES\n\n");
        foreach (var ex in doc.Examples)
        {
            sb.Append(CultureInfo.InvariantCulture, $"### {ex.Title}\n\n```powershell\n{ex.Code}\n```\n\n{ex.Remarks}\n\n");
        }

        sb.Append("## PARAMETERS\n\n");
        foreach (var p in doc.Parameters)
        {
            sb.Append(CultureInfo.InvariantCulture, $"### -{p.Name}\n\n{p.Description}\n\n```yaml\n");
            sb.Append(CultureInfo.InvariantCulture, $"Type: {p.Type}\nDefaultValue: {Yaml(p.DefaultValue)}\nSupportsWildcards: {Bool(p.SupportsWildcards)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"Aliases: [{string.Join(", ", p.Aliases)}]\nParameterSets:\n");
            foreach (var s in p.Sets)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- Name: {s.Name}\n  Position: {s.Position}\n  IsRequired: {Bool(s.IsRequired)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"  ValueFromPipeline: {Bool(s.ValueFromPipeline)}\n  ValueFromPipelineByPropertyName: {Bool(s.ValueFromPipelineByPropertyName)}\n");
                sb.Append("  ValueFromRemainingArguments: false\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"DontShow: false\nAcceptedValues: [{string.Join(", ", p.AcceptedValues)}]\nHelpMessage: ''\n```\n\n");
        }

        sb.Append("### CommonParameters\n\nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable,\n" +
            "-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable,\n" +
            "-ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see\n" +
            "[about_CommonParameters](https://go.microsoft.com/fwlink/?LinkID=113216).\n\n## INPUTS\n\n");
        foreach (var (t, d) in doc.Inputs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"### {t}\n\n{d}\n\n");
        }

        sb.Append("## OUTPUTS\n\n");
        foreach (var (t, d) in doc.Outputs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"### {t}\n\n{d}\n\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"## NOTES\n\n{doc.Notes}\n\n## RELATED LINKS\n\n");
        foreach (var (t, u) in doc.Links)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- [{t}]({u})\n");
        }

        return sb.ToString().TrimEnd() + "\n";
    }

    private static ParameterDoc ParseParameter(string name, string body)
    {
        var yaml = YamlBlockRegex().Match(body);
        var description = (yaml.Success ? body[..yaml.Index] : body).Trim();
        var p = new ParameterDoc { Name = name, Description = description };
        if (!yaml.Success)
        {
            return p;
        }

        ParameterSetDoc? current = null;
        var set = new Dictionary<string, string>();
        void Flush()
        {
            if (set.Count > 0)
            {
                p.Sets.Add(new ParameterSetDoc(
                    set.GetValueOrDefault("Name", "(All)"),
                    set.GetValueOrDefault("Position", "Named"),
                    set.GetValueOrDefault("IsRequired") == "true",
                    set.GetValueOrDefault("ValueFromPipeline") == "true",
                    set.GetValueOrDefault("ValueFromPipelineByPropertyName") == "true"));
                set.Clear();
            }
        }

        foreach (var raw in yaml.Groups[1].Value.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("  ", StringComparison.Ordinal))
            {
                if (line.StartsWith("- ", StringComparison.Ordinal))
                {
                    Flush();
                }

                var kv = line.TrimStart('-', ' ');
                var j = kv.IndexOf(':', StringComparison.Ordinal);
                set[kv[..j].Trim()] = kv[(j + 1)..].Trim();
                continue;
            }

            Flush();
            var i = line.IndexOf(':', StringComparison.Ordinal);
            if (i < 0)
            {
                continue;
            }

            var key = line[..i].Trim();
            var value = line[(i + 1)..].Trim();
            switch (key)
            {
                case "Type": p.Type = value; break;
                case "DefaultValue": p.DefaultValue = Unquote(value); break;
                case "SupportsWildcards": p.SupportsWildcards = value == "true"; break;
                case "Aliases": p.Aliases.AddRange(List(value)); break;
                case "AcceptedValues": p.AcceptedValues.AddRange(List(value)); break;
            }
        }

        Flush();
        _ = current;
        return p;
    }

    private static string[] List(string value) =>
        value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Unquote(string v) => v.Length >= 2 && v[0] == '\'' && v[^1] == '\'' ? v[1..^1].Replace("''", "'", StringComparison.Ordinal) : v;

    private static string Yaml(string v) => v.Length == 0 || v.Contains(':', StringComparison.Ordinal) || v.Contains('#', StringComparison.Ordinal) || v.StartsWith('$') || v.StartsWith('[')
        ? "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'" : v;

    private static string Bool(bool b) => b ? "true" : "false";

    private static string FirstCodeBlock(string body)
    {
        var m = CodeBlockRegex().Match(body);
        return m.Success ? m.Groups[1].Value : string.Empty;
    }

    /// <summary>Splits on headings of one level, ignoring headings inside fenced code.</summary>
    private static List<(string Heading, string Body)> Sections(string text, string prefix)
    {
        var result = new List<(string, StringBuilder)>();
        var inCode = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            if (!inCode && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add((line[prefix.Length..].Trim(), new StringBuilder()));
            }
            else if (result.Count > 0)
            {
                result[^1].Item2.Append(line).Append('\n');
            }
        }

        return result.Select(r => (r.Item1, r.Item2.ToString())).ToList();
    }

    [GeneratedRegex(@"\A---\n(.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatterRegex();

    [GeneratedRegex(@"```[a-zA-Z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlockRegex();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlockRegex();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]*)\)")]
    private static partial Regex LinkRegex();
}
