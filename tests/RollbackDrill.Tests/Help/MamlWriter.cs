using System.Xml.Linq;

namespace RollbackDrill.Tests.Help;

/// <summary>Writes PowerShell MAML command help (what Get-Help reads from en-US/RollbackDrill.dll-Help.xml).</summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static string Write(IEnumerable<CommandDoc> docs)
    {
        var root = new XElement(
            Msh + "helpItems",
            new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            docs.OrderBy(d => d.Name, StringComparer.Ordinal).Select(CommandElement));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root.ToString() + "\n";
    }

    private static XElement CommandElement(CommandDoc d)
    {
        var dash = d.Name.IndexOf('-', StringComparison.Ordinal);
        return new XElement(
            Command + "command",
            new XElement(
                Command + "details",
                new XElement(Command + "name", d.Name),
                new XElement(Command + "verb", d.Name[..dash]),
                new XElement(Command + "noun", d.Name[(dash + 1)..]),
                Paras(Maml + "description", d.Synopsis)),
            Paras(Maml + "description", d.Description),
            new XElement(
                Command + "syntax",
                SetNames(d).Select(set => new XElement(
                    Command + "syntaxItem",
                    new XElement(Maml + "name", d.Name),
                    d.Parameters.Where(p => p.Sets.Any(s => s.Name == set || s.Name == "(All)"))
                        .Select(p => ParameterElement(p, p.Sets.First(s => s.Name == set || s.Name == "(All)")))))),
            new XElement(Command + "parameters", d.Parameters.Select(p => ParameterElement(p, p.Sets.FirstOrDefault() ?? new ParameterSetDoc("(All)", "Named", false, false, false)))),
            new XElement(Command + "inputTypes", d.Inputs.Select(i => new XElement(
                Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", i.Type)), Paras(Maml + "description", i.Description)))),
            new XElement(Command + "returnValues", d.Outputs.Select(o => new XElement(
                Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", o.Type)), Paras(Maml + "description", o.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", ParaList(d.Notes))),
            new XElement(Command + "examples", d.Examples.Select(e => new XElement(
                Command + "example",
                new XElement(Maml + "title", $"--------- {e.Title} ---------"),
                new XElement(Dev + "code", e.Code),
                Paras(Dev + "remarks", e.Remarks)))),
            new XElement(Command + "relatedLinks", d.Links.Select(l => new XElement(
                Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri.StartsWith("http", StringComparison.Ordinal) ? l.Uri : string.Empty)))));
    }

    private static IEnumerable<string> SetNames(CommandDoc d)
    {
        var names = d.Syntax.Select(s => s.Set).ToList();
        return names.Count == 0 ? ["(All)"] : names.Select(n => n == "__AllParameterSets" ? "(All)" : n);
    }

    private static XElement ParameterElement(ParameterDoc p, ParameterSetDoc set)
    {
        var shortType = p.Type.Split('.').Last();
        return new XElement(
            Command + "parameter",
            new XAttribute("required", set.IsRequired ? "true" : "false"),
            new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.SupportsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", PipelineText(set)),
            new XAttribute("position", set.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : set.Position),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Paras(Maml + "description", p.Description),
            p.Type.EndsWith("SwitchParameter", StringComparison.Ordinal) ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), shortType),
            new XElement(Dev + "type", new XElement(Maml + "name", p.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", p.DefaultValue));
    }

    private static string PipelineText(ParameterSetDoc s) => (s.ValueFromPipeline, s.ValueFromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static XElement Paras(XName name, string text) => new(name, ParaList(text));

    private static IEnumerable<XElement> ParaList(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new XElement(Maml + "para", p));
}
