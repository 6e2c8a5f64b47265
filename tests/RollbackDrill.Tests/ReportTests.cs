using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Xml.Linq;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>New-DrillReport and Export-DrillReport through a real runspace, fed the way an operator's script feeds them.</summary>
public sealed class ReportTests
{
    /// <summary>A value planted in Helm values, a token and a command line: it must appear in no report.</summary>
    public const string Secret = "s3cr3t-PLANTED-7d1e-never-print";

    /// <summary>
    /// Seed 003 as a scripted drill: release status objects before and after, a rollback result, a recovery
    /// measurement (the RollbackDrill types by type name, as deserialized objects arrive), hashtable rows for the
    /// worker, and an objective as a hashtable. Leaves the report in $report.
    /// </summary>
    public const string VideokitScript = """
        $t0 = [datetimeoffset]'2024-11-18T09:05:00Z'
        $before = [pscustomobject]@{ PSTypeName = 'RollbackDrill.ReleaseStatus'; Name = 'videokit-api'; Namespace = 'videokit'; Revision = 42
            Status = 'deployed'; Chart = 'videokit-0.1.0'; ChartVersion = '0.1.0'; AppVersion = '1.0.0'; GitCommit = '03d5aeb0'; PodsReady = 3; PodsTotal = 3
            Values = @{ db = @{ password = $secret } } }
        $rollback = [pscustomobject]@{ PSTypeName = 'RollbackDrill.RollbackResult'; Release = 'videokit-api'; Namespace = 'videokit'
            FromRevision = 42; TargetRevision = 41; NewRevision = 43; Succeeded = $true; StartedAt = $t0; CompletedAt = $t0.AddSeconds(252)
            Command = @('helm', 'rollback', 'videokit-api', '41', '--namespace', 'videokit', '--kube-context', 'prod-eu-west-1-admin', '--wait', '--timeout', '10m') }
        $after = [pscustomobject]@{ PSTypeName = 'RollbackDrill.ReleaseStatus'; Name = 'videokit-api'; Namespace = 'videokit'; Revision = 43
            Status = 'deployed'; Chart = 'videokit-0.1.0'; ChartVersion = '0.1.0'; AppVersion = '1.0.0'; GitCommit = '44f1639'; PodsReady = 3; PodsTotal = 3
            Current = [pscustomobject]@{ RollbackOf = 41 } }
        $measurement = [pscustomobject]@{ PSTypeName = 'RollbackDrill.RecoveryMeasurement'; Name = 'API recovery'; Target = [timespan]'00:10:00'
            RecoveryTime = [timespan]'00:04:12'; Resolution = '1s'; T0 = $t0; HealthyAt = $t0.AddSeconds(252)
            Probes = @([pscustomobject]@{ Name = 'api readyz'; Url = 'https://api.prod.videokit.internal/readyz'; FirstHealthy = $t0.AddSeconds(252)
                Checks = 51; Failures = 3; LastStatus = 'HTTP 200'; Healthy = $true }) }
        $workerBefore = @{ Component = 'Worker'; Release = 'videokit-worker'; Phase = 'Before'; HelmRevision = 18; ChartVersion = '0.1.0'; AppVersion = '1.0.0'; GitCommit = '03d5aeb0'; Status = 'Healthy (baseline)' }
        $workerAfter = [pscustomobject]@{ Component = 'Worker'; Release = 'videokit-worker'; Phase = 'After'; HelmRevision = 19; RollbackOf = 17; ChartVersion = '0.1.0'; AppVersion = '1.0.0'; GitCommit = '44f1639'; Status = 'Healthy' }
        $report = $before, $workerBefore, $rollback, $after, $workerAfter, $measurement | New-DrillReport -Title 'Videokit rollback drill' `
            -Environment prod-eu-west-1 -Context prod-eu-west-1-admin -Server https://10.0.0.1:6443 -Operator alice `
            -Summary 'Roll back the last deployment and restore service health in under 10 minutes.' `
            -WindowStart '2024-11-18T09:00:00Z' -WindowEnd '2024-11-18T09:30:00Z' `
            -Objective @{ Name = 'Canary'; Target = '5m'; Measured = '4m55s'; Resolution = 5 } `
            -Step @{ Name = 'Capture pods'; Command = 'kubectl', 'get', 'pods', '-l', 'app.kubernetes.io/instance=videokit-api', "--token=$secret"; Outcome = 'Succeeded' } `
            -Observation 'The kube context defaulted to the shell context during the dry run.', "Grafana token $secret was rotated: api_key=$secret" `
            -FollowUp 'Schedule monthly rollback drills.' -Artifact 'reports/deploy/smoke.log' `
            -Transcript 'Rollback was a success! Happy Helming!', "Authorization: Bearer $secret"
        """;

    [Fact]
    public void FoldsPipedObjectsAndHashtablesIntoOneReport()
    {
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(VideokitScript + "\n$report", new Dictionary<string, object> { ["secret"] = Secret });
        Assert.Empty(r.AllErrors);
        var report = r.One("RollbackDrill.DrillReport");
        Assert.Equal("Passed", report.Str("Verdict"));
        Assert.Equal(false, report.Prop("DryRun"));
        Assert.Equal("alice", report.Str("Operator"));
        Assert.Equal("0.1.0", report.Str("ToolVersion"));

        var rows = ps.Invoke("$report.Components | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Component, $_.Phase, $_.HelmRevision, $_.RollbackOf }").Output.Select(o => o.ToString()).ToArray();
        Assert.Equal(["videokit-api|Before|42|", "Worker|Before|18|", "videokit-api|After|43|41", "Worker|After|19|17"], rows);
        Assert.Equal(["videokit/videokit-api", "videokit-worker"], ps.Invoke("$report.Releases").Output.Select(o => o.ToString()).ToArray());
        Assert.Equal(["API recovery", "Canary"], ps.Invoke("$report.Objectives | Sort-Object Name | ForEach-Object Name").Output.Select(o => o.ToString()).ToArray());
        Assert.Equal(["Capture pods", "Roll back videokit/videokit-api to revision 41"], ps.Invoke("$report.Steps | ForEach-Object Name").Output.Select(o => o.ToString()).ToArray());
        Assert.Equal("deployed, 3/3 pods ready", ps.Invoke("$report.Components[0].Status").Output.Single().ToString());
        Assert.Equal("252", ps.Invoke("($report.Objectives | Where-Object Name -eq 'API recovery').Measured.TotalSeconds").Output.Single().ToString());
        Assert.Equal("api readyz|51|3|True", ps.Invoke("$p = $report.Probes[0]; '{0}|{1}|{2}|{3}' -f $p.Name, $p.Checks, $p.Failures, $p.Healthy").Output.Single().ToString());

        // The object itself, shown or serialized, carries no planted secret.
        var shown = ps.Invoke("$report | Format-List * | Out-String -Width 500; $report.Steps | Format-List * | Out-String -Width 500; $report.Observations; $report.Transcript | Out-String -Width 500");
        Assert.DoesNotContain(Secret, string.Join("\n", shown.Output.Select(o => o.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public void ExportsEveryFormatWithTheTableTheCommandsAndNoSecret()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-reports-").FullName;
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            VideokitScript + "\n'drill.md', 'drill.json', 'drill.xml', 'drill.html' | ForEach-Object { $report | Export-DrillReport -Path (Join-Path $dir $_) -PassThru }",
            new Dictionary<string, object> { ["secret"] = Secret, ["dir"] = dir });
        Assert.Empty(r.AllErrors);
        Assert.Equal(4, r.Output.Count);
        Assert.All(r.Output, o => Assert.IsType<FileInfo>(o.BaseObject));
        Assert.Equal(["drill.html", "drill.json", "drill.md", "drill.xml"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());

        var md = File.ReadAllText(Path.Combine(dir, "drill.md"));
        Assert.Contains("| videokit-api (before) | 42 | videokit-0.1.0 | 1.0.0 | `03d5aeb0` | deployed, 3/3 pods ready |", md, StringComparison.Ordinal);
        Assert.Contains("| videokit-api (after) | 43 (41) | videokit-0.1.0 | 1.0.0 | `44f1639` | deployed, 3/3 pods ready |", md, StringComparison.Ordinal);
        Assert.Contains("| Worker (after) | 19 (17) |", md, StringComparison.Ordinal);
        Assert.Contains("```bash\nhelm rollback videokit-api 41 --namespace videokit --kube-context prod-eu-west-1-admin --wait --timeout 10m\n```", md, StringComparison.Ordinal);
        Assert.Contains("| Canary | ≤ 5m 00s | 4m 55s | ±5s | ✓ met |", md, StringComparison.Ordinal);
        Assert.Contains("| API recovery | ≤ 10m 00s | 4m 12s | ±1s | ✓ met |", md, StringComparison.Ordinal);
        Assert.Contains("- **Window:** 2024-11-18 09:00:00–09:30:00 UTC", md, StringComparison.Ordinal);

        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "drill.json"))))
        {
            var root = json.RootElement;
            Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
            Assert.Equal("passed", root.GetProperty("verdict").GetString());
            Assert.Equal(4, root.GetProperty("components").GetArrayLength());
            Assert.Equal(252, root.GetProperty("objectives")[1].GetProperty("measuredSeconds").GetDouble());
            Assert.Equal("prod-eu-west-1-admin", root.GetProperty("context").GetProperty("name").GetString());
        }

        var junit = XDocument.Load(Path.Combine(dir, "drill.xml"));
        var suite = junit.Root!.Element("testsuite")!;
        Assert.Equal(suite.Elements("testcase").Count(), int.Parse((string)suite.Attribute("tests")!, CultureInfo.InvariantCulture));
        Assert.Equal("0", (string)suite.Attribute("failures")!);

        var html = File.ReadAllText(Path.Combine(dir, "drill.html"));
        Assert.Contains("<td>43 (41)</td>", html, StringComparison.Ordinal);

        foreach (var file in Directory.GetFiles(dir))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("PLANTED", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DefaultViewsShowTheVerdictAndTheBeforeAfterTable()
    {
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            VideokitScript + "\n$report | Out-String -Width 300; $report.Components | Out-String -Width 300; $report.Objectives | Out-String -Width 300",
            new Dictionary<string, object> { ["secret"] = Secret });
        Assert.Empty(r.AllErrors);
        var list = r.Output[0].ToString();
        Assert.Matches(@"Verdict\s+: Passed", list);
        Assert.Matches(@"Releases\s+: videokit/videokit-api, videokit-worker", list);
        Assert.Matches(@"Objectives\s+: API recovery: met; Canary: met|Objectives\s+: Canary: met; API recovery: met", list);
        var table = r.Output[1].ToString();
        Assert.Matches(@"Component\s+Phase\s+Revision", table);
        Assert.Matches(@"videokit-api\s+After\s+43 \(41\)\s+videokit-0\.1\.0", table);
        Assert.Matches(@"Canary\s+00:05:00\s+00:04:55\s+00:00:05\s+True", r.Output[2].ToString());
    }

    [Fact]
    public void UnknownInputIsAnErrorNamingItsTypeAndTheRestStillFolds()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("(Get-Date), 'some text', @{ Foo = 1 }, @{ Component = 'API'; HelmRevision = 7 } | New-DrillReport -Title t");
        var report = r.One("RollbackDrill.DrillReport");
        Assert.Equal(3, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.Equal("ReportInputNotRecognized,RollbackDrill.Commands.NewDrillReportCommand", e.FullyQualifiedErrorId));
        Assert.Contains("'System.DateTime'", r.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("'System.String'", r.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("'System.Collections.Hashtable'", r.Errors[2].Exception.Message, StringComparison.Ordinal);
        Assert.Equal("some text", r.Errors[1].TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, r.Errors[0].CategoryInfo.Category);
        Assert.Single((System.Collections.IEnumerable)report.Prop("Components")!);
    }

    [Fact]
    public void BadValuesInParametersAreClearErrors()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("New-DrillReport -Objective @{ Name = 'Canary'; Target = 'five minutes' }");
        var err = Assert.Single(r.AllErrors);
        Assert.StartsWith("InvalidArgument,", err.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("'five minutes'", err.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("5m", err.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DryRunComesFromTheSwitchOrFromAWhatIfRollbackAndIsProminent()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-reports-").FullName;
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            "$plan = [pscustomobject]@{ PSTypeName = 'RollbackDrill.RollbackResult'; Release = 'videokit-api'; FromRevision = 42; TargetRevision = 41; WhatIf = $true; Command = 'helm', 'rollback', 'videokit-api', '41' }; " +
            "$r = $plan | New-DrillReport -Title 'Plan'; $r.DryRun; $r.Verdict.ToString(); $r.Steps[0].Outcome; " +
            "$r | Export-DrillReport -Path (Join-Path $dir 'plan.md'); (New-DrillReport -DryRun).DryRun",
            new Dictionary<string, object> { ["dir"] = dir });
        Assert.Empty(r.AllErrors);
        Assert.Equal(["True", "DryRun", "Planned", "True"], r.Output.Select(o => o.ToString()).ToArray());
        var md = File.ReadAllText(Path.Combine(dir, "plan.md"));
        Assert.StartsWith("# Plan\n\n> **⚠ DRY RUN**", md, StringComparison.Ordinal);
        Assert.Contains("| videokit-api (before) | 42 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("(after)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesToOverwriteWithoutForceAndWhatIfWritesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-reports-").FullName;
        var path = Path.Combine(dir, "drill.md");
        File.WriteAllText(path, "keep me");
        using var ps = new ModuleRunspace();

        var refused = ps.Invoke("New-DrillReport -Title new | Export-DrillReport -Path $args[0]", path);
        var err = Assert.Single(refused.AllErrors);
        Assert.Equal("ReportFileExists,RollbackDrill.Commands.ExportDrillReportCommand", err.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, err.CategoryInfo.Category);
        Assert.Contains("-Force", err.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(path));

        var whatIf = ps.Invoke("New-DrillReport -Title new | Export-DrillReport -Path $args[0] -Force -WhatIf; New-DrillReport | Export-DrillReport -Path $args[1] -WhatIf", path, Path.Combine(dir, "other.json"));
        Assert.Empty(whatIf.AllErrors);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));

        var forced = ps.Invoke("New-DrillReport -Title new | Export-DrillReport -Path $args[0] -Force -PassThru", path);
        Assert.Empty(forced.AllErrors);
        Assert.Equal(path, ((FileInfo)Assert.Single(forced.Output).BaseObject).FullName);
        Assert.StartsWith("# new\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void UnwritablePathsAndUnknownExtensionsAreClearErrorsThatCreateNothing()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-reports-").FullName;
        using var ps = new ModuleRunspace();
        var missing = Path.Combine(dir, "no-such-dir", "drill.md");
        var r = ps.Invoke("New-DrillReport | Export-DrillReport -Path $args[0]", missing);
        var err = Assert.Single(r.AllErrors);
        Assert.Equal("ReportPathNotWritable,RollbackDrill.Commands.ExportDrillReportCommand", err.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, err.CategoryInfo.Category);
        Assert.Contains(missing, err.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(missing, err.TargetObject);

        var unknown = ps.Invoke("New-DrillReport | Export-DrillReport -Path $args[0]", Path.Combine(dir, "drill.txt"));
        Assert.StartsWith("ReportFormatUnknown,", Assert.Single(unknown.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);

        var explicitFormat = ps.Invoke("New-DrillReport -Title x | Export-DrillReport -Path $args[0] -Format JUnit -PassThru", Path.Combine(dir, "drill.txt"));
        Assert.Empty(explicitFormat.AllErrors);
        Assert.Equal("testsuites", XDocument.Load(Path.Combine(dir, "drill.txt")).Root!.Name.LocalName);
        Assert.Equal(["drill.txt"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public void FormatIsOneOfTheFourAndTabCompletes()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("(TabExpansion2 -inputScript 'Export-DrillReport -Format ' -cursorColumn 27).CompletionMatches | ForEach-Object CompletionText");
        Assert.Equal(["Html", "JUnit", "Json", "Markdown"], r.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal).ToArray());
        var bad = ps.Invoke("New-DrillReport | Export-DrillReport -Path x.pdf -Format Pdf");
        Assert.StartsWith("CannotConvertArgumentNoMessage,", Assert.Single(bad.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
