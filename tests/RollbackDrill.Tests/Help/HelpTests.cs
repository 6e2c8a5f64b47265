using System.Management.Automation;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests.Help;

/// <summary>
/// Help is checked against the real cmdlet signatures (PSReadLine's CheckHelp idea): docs/en-US markdown in the
/// PlatyPS schema documents every parameter of every exported cmdlet and nothing stale, the MAML in en-US agrees
/// with the markdown, and Get-Help -Full in a runspace shows it. With RBD_UPDATE_HELP=1 the tests first rewrite
/// the generated parts (syntax, parameter metadata, MAML) from the real signatures, keeping the prose.
/// </summary>
public sealed class HelpTests
{
    private static readonly string DocsDir = Path.Combine(RepoPaths.Root, "docs", "en-US");
    private static readonly string MamlPath = Path.Combine(RepoPaths.Root, "en-US", "RollbackDrill.dll-Help.xml");
    private static readonly object UpdateGate = new();

    [Fact]
    public void EveryExportedCmdletHasCompleteMarkdownThatMatchesItsSignature()
    {
        using var ps = new ModuleRunspace();
        var problems = new List<string>();
        foreach (var cmd in Cmdlets(ps))
        {
            var path = Path.Combine(DocsDir, cmd.Name + ".md");
            if (!File.Exists(path))
            {
                problems.Add($"{cmd.Name}: no {path}");
                continue;
            }

            var doc = PlatyPsMarkdown.Parse(File.ReadAllText(path), cmd.Name);
            Require(doc.Synopsis.Length > 10, $"{cmd.Name}: SYNOPSIS is empty");
            Require(doc.Description.Length > 40, $"{cmd.Name}: DESCRIPTION is empty or too short");
            Require(doc.Examples.Count >= 2, $"{cmd.Name}: fewer than two examples");
            Require(doc.Examples.All(e => e.Code.Contains(cmd.Name, StringComparison.Ordinal)), $"{cmd.Name}: an example does not use the cmdlet");
            Require(doc.Examples.All(e => e.Remarks.Length > 10), $"{cmd.Name}: an example has no explanation");
            Require(doc.Outputs.Count >= 1, $"{cmd.Name}: OUTPUTS is empty");
            Require(doc.Inputs.Count >= 1, $"{cmd.Name}: INPUTS is empty");
            Require(doc.Links.Count >= 1, $"{cmd.Name}: RELATED LINKS is empty");

            var real = CommandMetadata.Parameters(cmd);
            var documented = doc.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var p in real)
            {
                if (!documented.TryGetValue(p.Name, out var d))
                {
                    problems.Add($"{cmd.Name}: parameter -{p.Name} is not documented");
                    continue;
                }

                Require(d.Description.Length > 10, $"{cmd.Name}: -{p.Name} has no description");
                Require(d.Type == p.Type, $"{cmd.Name}: -{p.Name} type is {d.Type} in the docs but {p.Type} in the cmdlet");
                Require(d.SupportsWildcards == p.SupportsWildcards, $"{cmd.Name}: -{p.Name} SupportsWildcards differs");
                Require(d.Sets.SequenceEqual(p.Sets), $"{cmd.Name}: -{p.Name} parameter sets/position/required/pipeline differ from the cmdlet");
                Require(d.AcceptedValues.SequenceEqual(p.AcceptedValues), $"{cmd.Name}: -{p.Name} AcceptedValues differ");
            }

            foreach (var stale in documented.Keys.Except(real.Select(p => p.Name)))
            {
                problems.Add($"{cmd.Name}: -{stale} is documented but the cmdlet has no such parameter");
            }

            var syntax = CommandMetadata.Syntax(cmd);
            Require(doc.Syntax.SequenceEqual(syntax), $"{cmd.Name}: SYNTAX differs from the cmdlet's parameter sets");
        }

        Assert.True(problems.Count == 0, "Help problems (run the tests with RBD_UPDATE_HELP=1 to regenerate the generated parts):\n" + string.Join("\n", problems));

        void Require(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }
    }

    [Fact]
    public void MamlAgreesWithTheMarkdown()
    {
        using var ps = new ModuleRunspace();
        var names = Cmdlets(ps).Select(c => c.Name).ToList();
        var docs = names.Where(n => File.Exists(Path.Combine(DocsDir, n + ".md")))
            .Select(n => PlatyPsMarkdown.Parse(File.ReadAllText(Path.Combine(DocsDir, n + ".md")), n))
            .ToList();
        Assert.Equal(names.Count, docs.Count);
        Assert.True(File.Exists(MamlPath), $"{MamlPath} is missing");
        Assert.Equal(MamlWriter.Write(docs), File.ReadAllText(MamlPath));
    }

    [Fact]
    public void GetHelpFullShowsTheDocumentedHelpForEveryCmdlet()
    {
        using var ps = new ModuleRunspace();
        foreach (var cmd in Cmdlets(ps))
        {
            var doc = PlatyPsMarkdown.Parse(File.ReadAllText(Path.Combine(DocsDir, cmd.Name + ".md")), cmd.Name);
            var help = Assert.Single(ps.Invoke("Get-Help $args[0] -Full", cmd.Name).Output);
            Assert.Equal(doc.Synopsis.Replace("\n", " ", StringComparison.Ordinal), help.Str("Synopsis")?.Replace("\n", " ", StringComparison.Ordinal));
            var r = ps.Invoke(
                "$h = Get-Help $args[0] -Full; @($h.parameters.parameter | ForEach-Object name) -join ','; @($h.examples.example).Count; ($h.description | Out-String).Trim()",
                cmd.Name);
            var paramNames = r.Output[0].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            Assert.Equal(CommandMetadata.Parameters(cmd).Select(p => p.Name).Order(StringComparer.Ordinal), paramNames);
            Assert.Equal(doc.Examples.Count, (int)r.Output[1].BaseObject);
            Assert.StartsWith(doc.Description.Split("\n\n")[0][..30], r.Output[2].ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("about_RollbackDrill")]
    [InlineData("about_RollbackDrill_DrillFiles")]
    public void AboutTopicsAreFoundByGetHelp(string topic)
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Get-Help $args[0] | Out-String", topic);
        var text = string.Concat(r.Output.Select(o => o.ToString()));
        Assert.Contains("RollbackDrill", text);
        Assert.True(text.Length > 500, $"{topic} is too short to be useful");
    }

    private static List<CmdletInfo> Cmdlets(ModuleRunspace ps)
    {
        var cmds = ps.Invoke("Get-Command -Module RollbackDrill -CommandType Cmdlet").Output
            .Select(o => (CmdletInfo)o.BaseObject).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (Environment.GetEnvironmentVariable("RBD_UPDATE_HELP") == "1")
        {
            lock (UpdateGate)
            {
                Update(cmds);
            }
        }

        return cmds;
    }

    /// <summary>Rewrites the generated parts of the markdown from the real signatures and regenerates the MAML.</summary>
    private static void Update(List<CmdletInfo> cmds)
    {
        Directory.CreateDirectory(DocsDir);
        var docs = new List<CommandDoc>();
        foreach (var cmd in cmds)
        {
            var path = Path.Combine(DocsDir, cmd.Name + ".md");
            var old = File.Exists(path) ? PlatyPsMarkdown.Parse(File.ReadAllText(path), cmd.Name) : new CommandDoc { Name = cmd.Name };
            var doc = new CommandDoc
            {
                Name = cmd.Name,
                Synopsis = old.Synopsis,
                Description = old.Description,
                Aliases = old.Aliases,
                Notes = old.Notes,
            };
            doc.FrontMatter["document type"] = "cmdlet";
            doc.FrontMatter["external help file"] = "RollbackDrill.dll-Help.xml";
            doc.FrontMatter["HelpUri"] = "''";
            doc.FrontMatter["Locale"] = "en-US";
            doc.FrontMatter["Module Name"] = "RollbackDrill";
            doc.FrontMatter["ms.date"] = old.FrontMatter.GetValueOrDefault("ms.date", DateTime.UtcNow.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture));
            doc.FrontMatter["PlatyPS schema version"] = "2024-05-01";
            doc.FrontMatter["title"] = cmd.Name;
            doc.Syntax.AddRange(CommandMetadata.Syntax(cmd));
            doc.Examples.AddRange(old.Examples);
            var oldParams = old.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var p in CommandMetadata.Parameters(cmd))
            {
                if (oldParams.TryGetValue(p.Name, out var o))
                {
                    p.Description = o.Description;
                    p.DefaultValue = o.DefaultValue;
                }

                doc.Parameters.Add(p);
            }

            doc.Inputs.AddRange(old.Inputs);
            doc.Outputs.AddRange(old.Outputs.Count > 0 ? old.Outputs : cmd.OutputType.Select(t => (t.Name, string.Empty)));
            doc.Links.AddRange(old.Links);
            File.WriteAllText(path, PlatyPsMarkdown.Write(doc));
            docs.Add(PlatyPsMarkdown.Parse(File.ReadAllText(path), cmd.Name));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(MamlPath)!);
        File.WriteAllText(MamlPath, MamlWriter.Write(docs));
    }
}
