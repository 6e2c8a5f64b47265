using System.Management.Automation;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Import-DrillReport through a real runspace: JSON journals round-trip, and bad files fail clearly.</summary>
public sealed class ImportDrillReportTests
{
    /// <summary>Every property of an object graph as "path=value" lines (times as UTC ticks), for comparing two reports.</summary>
    private const string FlattenFunction = """
        function Flat($o, $p) {
            if ($null -eq $o) { "$p=<null>"; return }
            if ($o -is [datetimeoffset]) { "$p=$($o.UtcTicks)"; return }
            if ($o -is [string] -or $o -is [ValueType]) { "$p=$o"; return }
            if ($o -is [System.Collections.IEnumerable]) { $i = 0; foreach ($x in $o) { Flat $x "$p[$i]"; $i++ }; "$p.Count=$i"; return }
            foreach ($q in $o.PSObject.Properties) { Flat $q.Value "$p.$($q.Name)" }
        }
        """;

    [Fact]
    public void AnExportedJournalImportsToAnEqualReportThatExportsTheSameBytes()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-import-").FullName;
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            ReportTests.VideokitScript + "\n" + FlattenFunction + """

            $report.Timings.Add([RollbackDrill.ReportTiming]@{ Name = 'wait'; StartedAt = [datetimeoffset]'2024-11-18T09:05:00.1234567+01:00'; EndedAt = [datetimeoffset]'2024-11-18T09:06:00Z' })
            $report.Timings.Add([RollbackDrill.ReportTiming]@{ Name = 'given'; Duration = [timespan]'00:00:12.5' })
            $report.Objectives.Add([RollbackDrill.ReportObjective]@{ Name = 'Recorded'; Target = [timespan]'00:05:00'; Measured = [timespan]'00:01:00'; Met = $false })
            $first = Join-Path $dir 'first.json'; $second = Join-Path $dir 'second.json'
            $report | Export-DrillReport -Path $first
            $imported = Import-DrillReport -Path $first
            $imported | Export-DrillReport -Path $second
            $original = $report | Export-DrillReport -Path (Join-Path $dir 'markdown.md') -PassThru
            $imported.GetType().FullName
            (Compare-Object (Flat $report 'r') (Flat $imported 'r') | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }) -join "`n"
            (Flat $imported 'r').Count
            $copy = Import-DrillReport -Path $first; $copy.FollowUps.Add('changed')
            (Compare-Object (Flat $report 'r') (Flat $copy 'r') | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }) -join '|'
            """,
            new Dictionary<string, object> { ["secret"] = ReportTests.Secret, ["dir"] = dir });
        Assert.Empty(r.AllErrors);
        Assert.Equal("RollbackDrill.DrillReport", r.Output[0].ToString());

        // Properties: every one equal (New-DrillReport has already redacted the planted secret).
        Assert.Equal(string.Empty, r.Output[1].ToString());
        Assert.True(int.Parse(r.Output[2].ToString(), System.Globalization.CultureInfo.InvariantCulture) > 100);
        Assert.Equal("=> r.FollowUps[1]=changed|=> r.FollowUps.Count=2|<= r.FollowUps.Count=1", r.Output[3].ToString());

        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "first.json")), File.ReadAllBytes(Path.Combine(dir, "second.json")));
        Assert.Equal(
            ["Failed", "43", "41", "00:00:12.5000000", "False", "True"],
            ps.Invoke("$imported.Verdict; $imported.Components[2].HelmRevision; $imported.Components[2].RollbackOf; ($imported.Timings | Where-Object Name -eq given).Duration; ($imported.Objectives | Where-Object Name -eq Recorded).Met; $imported.Probes[0].Healthy")
                .Output.Select(o => o.ToString()).ToArray());
    }

    [Fact]
    public void ImportsFilesFromWildcardsAndFromGetChildItemIncludingBracketNames()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-import-").FullName;
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            """
            New-DrillReport -Title one -Objective @{ Name = 'Canary'; Target = '5m'; Measured = '4m' } | Export-DrillReport -Path (Join-Path $dir 'a.json')
            New-DrillReport -Title two -DryRun | Export-DrillReport -Path (Join-Path $dir 'b.json')
            New-DrillReport -Title three | Export-DrillReport -LiteralPath (Join-Path $dir 'c[1].json') -ErrorAction SilentlyContinue
            """,
            new Dictionary<string, object> { ["dir"] = dir });
        if (r.AllErrors.Any())
        {
            // Export-DrillReport has no -LiteralPath: write the bracket name from .NET.
            File.Copy(Path.Combine(dir, "a.json"), Path.Combine(dir, "c[1].json"));
        }

        var wildcard = ps.Invoke("Import-DrillReport -Path (Join-Path $args[0] '[ab].json') | ForEach-Object { '{0}:{1}' -f $_.Title, $_.Verdict }", dir);
        Assert.Empty(wildcard.AllErrors);
        Assert.Equal(["one:Passed", "two:DryRun"], wildcard.Output.Select(o => o.ToString()).ToArray());

        var piped = ps.Invoke("Get-ChildItem -LiteralPath $args[0] -Filter *.json | Sort-Object Name | Import-DrillReport | ForEach-Object Title", dir);
        Assert.Empty(piped.AllErrors);
        Assert.Equal(3, piped.Output.Count);

        var literal = ps.Invoke("Import-DrillReport -LiteralPath (Join-Path $args[0] 'c[1].json')", dir);
        Assert.Empty(literal.AllErrors);
        Assert.Single(literal.Output);
    }

    [Theory]
    [InlineData("{ \"kind\": \"RollbackDrillReport\", \"schemaVersion\": \"1.0\",\n  \"title\": }", "ReportJsonInvalid", "is not valid JSON at line 2, position")]
    [InlineData("{ \"name\": \"my-package\", \"version\": \"1.0.0\" }", "ReportNotRollbackDrill", "is not a RollbackDrill report: it has no \"kind\" key")]
    [InlineData("[1, 2]", "ReportNotRollbackDrill", "its top level is a JSON array, not an object")]
    [InlineData("{ \"kind\": \"RollbackDrillReport\", \"schemaVersion\": \"2.0\", \"title\": \"t\" }", "ReportSchemaUnsupported", "has report schema version '2.0'; this RollbackDrill reads schema 1.x")]
    [InlineData("{ \"kind\": \"RollbackDrillReport\", \"schemaVersion\": \"1.3\", \"title\": \"t\", \"generatedAt\": \"2024-11-18T09:00:00Z\", \"objectives\": [ { \"name\": \"Canary\", \"targetSeconds\": \"5m\" } ] }", "ReportJsonInvalid", "$.objectives[0].targetSeconds is a JSON string, expected a JSON number or null")]
    [InlineData("{ \"kind\": \"RollbackDrillReport\", \"schemaVersion\": \"1.0\", \"title\": \"t\", \"generatedAt\": \"yesterday\" }", "ReportJsonInvalid", "$.generatedAt is 'yesterday', expected an ISO 8601 time")]
    [InlineData("{ \"kind\": \"RollbackDrillReport\", \"schemaVersion\": \"1.0\", \"title\": \"t\", \"generatedAt\": \"2024-11-18T09:00:00Z\", \"components\": [ { \"component\": \"api\", \"phase\": \"during\" } ] }", "ReportJsonInvalid", "$.components[0].phase is 'during', expected before or after")]
    public void ABadFileIsANonTerminatingErrorThatSaysWhatIsWrong(string json, string errorId, string message)
    {
        var dir = Directory.CreateTempSubdirectory("rbd-import-").FullName;
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, json);
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Import-DrillReport -Path $args[0], $args[1]; 'next'", bad, Path.Combine(dir, "missing.json"));
        Assert.Equal("next", Assert.Single(r.Output).ToString());
        Assert.Equal(2, r.Errors.Count);
        Assert.Equal(errorId, r.Errors[0].FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidData, r.Errors[0].CategoryInfo.Category);
        Assert.Equal(bad, r.Errors[0].TargetObject);
        Assert.Contains(message, r.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal("ReportFileNotFound", r.Errors[1].FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, r.Errors[1].CategoryInfo.Category);
    }
}
