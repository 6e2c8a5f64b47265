using System.Management.Automation;
using System.Runtime.Loader;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Export-DrillReport -Template through a real runspace: the shipped incident template, errors, and the private load context.</summary>
public sealed class ReportTemplateTests
{
    private static string Incident => Path.Combine(RepoPaths.Root, "examples", "templates", "incident.md.sbn");

    [Fact]
    public void RendersTheIncidentTemplateWithoutSecretsAndLoadsScribanPrivately()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-templates-").FullName;
        var path = Path.Combine(dir, "drill-ticket.md");
        using var ps = new ModuleRunspace();

        var r = ps.InvokeWith(
            ReportTests.VideokitScript + "\n$report | Export-DrillReport -Template $template -Path $path -PassThru",
            new Dictionary<string, object> { ["secret"] = ReportTests.Secret, ["template"] = Incident, ["path"] = path });

        Assert.Empty(r.AllErrors);
        Assert.Equal(path, Assert.IsType<FileInfo>(Assert.Single(r.Output).BaseObject).FullName);
        var text = File.ReadAllText(path);
        Assert.StartsWith("# Rollback incident record: Videokit rollback drill\n", text, StringComparison.Ordinal);
        Assert.Contains("| Environment | prod-eu-west-1 |", text, StringComparison.Ordinal);
        Assert.Contains("| videokit-api | After | 43 (41) |", text, StringComparison.Ordinal);
        Assert.Contains("| Worker | After | 19 (17) |", text, StringComparison.Ordinal);
        Assert.Contains("| Canary | ≤ 5m 00s | 4m 55s (± 5s) | ✓ met |", text, StringComparison.Ordinal);
        Assert.Contains("   helm rollback videokit-api 41 --namespace videokit --kube-context prod-eu-west-1-admin --wait --timeout 10m\n", text, StringComparison.Ordinal);
        Assert.Contains("- [ ] Schedule monthly rollback drills.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ReportTests.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PLANTED", text, StringComparison.Ordinal);

        var scriban = AssemblyLoadContext.All.SelectMany(c => c.Assemblies.Select(a => (Context: c.Name, a.GetName().Name)))
            .Where(a => a.Name == "Scriban.Signed").ToList();
        Assert.NotEmpty(scriban);
        Assert.All(scriban, a => Assert.Equal("RollbackDrill.Dependencies", a.Context));
    }

    [Fact]
    public void ATemplateThatPrintsEverySecretBearingFieldPrintsNoSecret()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-templates-").FullName;
        var template = Path.Combine(dir, "all.sbn");
        File.WriteAllText(template, "{{ for s in report.steps }}{{ s.command | array.join ' ' }}\n{{ end }}{{ report.observations | array.join '\n' }}\n{{ for t in report.transcript }}{{ t.text }}\n{{ end }}");
        using var ps = new ModuleRunspace();

        var r = ps.InvokeWith(
            ReportTests.VideokitScript + "\n$report | Export-DrillReport -Template $template -Path (Join-Path $dir 'out.txt')",
            new Dictionary<string, object> { ["secret"] = ReportTests.Secret, ["template"] = template, ["dir"] = dir });

        Assert.Empty(r.AllErrors);
        var text = File.ReadAllText(Path.Combine(dir, "out.txt"));
        Assert.Contains("--token=***", text, StringComparison.Ordinal);
        Assert.Contains("Bearer ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ReportTests.Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ASyntaxErrorStopsBeforeAnyReportWithTheLineAndColumn()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-templates-").FullName;
        var template = Path.Combine(dir, "broken.sbn");
        File.WriteAllText(template, "# {{ report.title }}\n\n{{ for s in report.steps }}\n- {{ s.name \n");
        using var ps = new ModuleRunspace();

        var r = ps.Invoke("New-DrillReport -Title a | Export-DrillReport -Template $args[0] -Path $args[1]", template, Path.Combine(dir, "out.md"));

        Assert.Empty(r.Output);
        var err = Assert.Single(r.AllErrors);
        Assert.Equal("ReportTemplateInvalid,RollbackDrill.Commands.ExportDrillReportCommand", err.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, err.CategoryInfo.Category);
        Assert.Contains($"The report template '{template}' has", err.Exception.Message, StringComparison.Ordinal);
        Assert.Matches(@"line 4, column \d+: ", err.Exception.Message);
        Assert.False(File.Exists(Path.Combine(dir, "out.md")));
    }

    [Fact]
    public void ARuntimeErrorIsPerReportAndWritesNoFile()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-templates-").FullName;
        var template = Path.Combine(dir, "typo.sbn");
        File.WriteAllText(template, "# {{ report.title }}\n{{ reprot.verdict }}\n");
        using var ps = new ModuleRunspace();

        var r = ps.Invoke("New-DrillReport -Title a | Export-DrillReport -Template $args[0] -Path $args[1]", template, Path.Combine(dir, "out.md"));

        Assert.Null(r.Terminating);
        var err = Assert.Single(r.Errors);
        Assert.Equal("ReportTemplateFailed,RollbackDrill.Commands.ExportDrillReportCommand", err.FullyQualifiedErrorId);
        Assert.StartsWith($"The report template '{template}' failed at line 2, column 4: ", err.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("reprot", err.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, "out*"));
    }

    [Fact]
    public void MissingTemplateWhatIfAndFormatTogetherAreHandled()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-templates-").FullName;
        var missing = Path.Combine(dir, "nope.sbn");
        using var ps = new ModuleRunspace();

        var notFound = ps.Invoke("New-DrillReport | Export-DrillReport -Template $args[0] -Path $args[1]", missing, Path.Combine(dir, "a.md"));
        Assert.Equal("ReportTemplateNotFound,RollbackDrill.Commands.ExportDrillReportCommand", Assert.Single(notFound.AllErrors).FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, notFound.AllErrors.Single().CategoryInfo.Category);

        var whatIf = ps.Invoke("New-DrillReport | Export-DrillReport -Template $args[0] -Path $args[1] -WhatIf", Incident, Path.Combine(dir, "b.md"));
        Assert.Empty(whatIf.AllErrors);
        Assert.False(File.Exists(Path.Combine(dir, "b.md")));

        var both = ps.Invoke("New-DrillReport | Export-DrillReport -Template $args[0] -Format Markdown -Path $args[1]", Incident, Path.Combine(dir, "c.md"));
        Assert.Contains("AmbiguousParameterSet", Assert.Single(both.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);

        // Any extension goes with a template: the template decides the format.
        var txt = ps.Invoke("New-DrillReport -Title plain | Export-DrillReport -Template $args[0] -Path $args[1] -PassThru", Incident, Path.Combine(dir, "ticket.txt"));
        Assert.Empty(txt.AllErrors);
        Assert.StartsWith("# Rollback incident record: plain", File.ReadAllText(Path.Combine(dir, "ticket.txt")), StringComparison.Ordinal);
    }
}
