using System.Diagnostics;
using RollbackDrill.Engine.Reports;
using RollbackDrill.Engine.Tests.Rollback;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class TemplateReportRendererTests
{
    private const string Secret = "s3cr3t-PLANTED-9f2a-never-print";

    private static string IncidentTemplate => Path.Combine(VideokitSandbox.RepoRoot, "examples", "templates", "incident.md.sbn");

    [Fact]
    public void TheTemplateSeesTheReportModelUnderItsDocumentedNames()
    {
        var template = TemplateReportRenderer.Parse(
            """
            {{ report.title }}|{{ report.verdict }}|{{ report.verdict_text }}|{{ report.environment }}|{{ report.context.name }}|{{ report.operator }}
            {{ report.window }}|{{ rbd.iso report.window_start }}|{{ rbd.time report.generated_at }}|{{ report.releases | array.join ',' }}
            {{ for c in report.after }}{{ c.component }}={{ c.revision }}/{{ c.helm_revision }}/{{ c.rollback_of }};{{ end }}|{{ report.before.size }}
            {{ for o in report.objectives }}{{ o.name }}:{{ rbd.duration o.measured }}<={{ rbd.duration o.target }}:{{ o.mark }}:{{ o.status }}:{{ rbd.seconds o.resolution }};{{ end }}
            {{ s = report.steps[0] }}{{ s.command_line }}|{{ s.command[1] }}|{{ rbd.duration s.duration }}|{{ s.outcome }}|{{ rbd.shell ['a b', 'c'] }}
            {{ p = report.probes[0] }}{{ p.name }}|{{ p.checks }}|{{ p.failures }}|{{ p.healthy }}|{{ p.last_status }}|{{ rbd.time p.first_healthy }}
            {{ report.timings[0].name }}|{{ rbd.duration report.timings[0].duration }}|{{ report.observations[0] }}|{{ report.follow_ups[0] }}|{{ report.artifacts[0] }}|{{ report.transcript[0].source }}: {{ report.transcript[0].text }}
            {{ report.window_start | date.to_string '%Y-%m-%d %H:%M' }}|{{ rbd.md 'a*b' }}|{{ report.dry_run }}
            """,
            "names.sbn");

        var lines = template.Render(ReportSamples.Videokit()).Split('\n');

        Assert.Equal("Rollback Drill Report (T18d + T19a)|Passed|PASSED|prod-eu-west-1|prod-eu-west-1-admin|alice", lines[0]);
        Assert.Equal("2024-11-18 09:00:00–09:30:00 UTC|2024-11-18T09:00:00Z|2024-11-18 09:31:00 UTC|videokit/videokit-api,videokit/videokit-worker", lines[1]);
        Assert.Equal("API=43 (41)/43/41;Worker=19 (17)/19/17;|2", lines[2]);
        Assert.Equal("Service restored:4m 12s<=10m 00s:✓:met:1;Canary:4m 55s<=5m 00s:✓:met:5;", lines[3]);
        Assert.Equal("helm rollback videokit-api 41 --namespace videokit --kube-context prod-eu-west-1-admin --wait --timeout 10m|rollback|4m 12s|Succeeded|'a b' c", lines[4]);
        Assert.Equal("api readyz|51|3|true|HTTP 200|2024-11-18 09:09:12 UTC", lines[5]);
        Assert.Equal("rollback groups|4m 00s|Dry-run surfaced that the kube context defaulted to the current shell context.|Schedule monthly rollback drills.|reports/deploy/smoke.log|helm: Rollback was a success! Happy Helming!", lines[6]);
        Assert.Equal(@"2024-11-18 09:00|a\*b|false", lines[7]);
    }

    [Fact]
    public void TemplatesRenderTheRedactedReport()
    {
        var report = ReportSamples.Videokit();
        report.Observations.Add($"Grafana token rotated: api_key={Secret}");
        report.Steps.Add(new ReportStep { Name = "Notify", Command = ["curl", "-H", $"Authorization: Bearer {Secret}", "--token", Secret, "https://hooks.example"] });
        report.Transcript.Add(new ReportTranscriptEntry { Source = "curl", Text = $"GET https://admin:{Secret}@grafana.internal/api" });
        var template = TemplateReportRenderer.Parse(
            "{{ for o in report.observations }}{{ o }}\n{{ end }}{{ for s in report.steps }}{{ s.command_line }}\n{{ s.command | array.join ' ' }}\n{{ end }}{{ for t in report.transcript }}{{ t.text }}\n{{ end }}",
            "leak.sbn");

        var text = template.Render(report);

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("api_key=***", text, StringComparison.Ordinal);
        Assert.Contains("--token '***'", text, StringComparison.Ordinal);
        Assert.Contains("https://***@grafana.internal/api", text, StringComparison.Ordinal);
        // The caller's report itself is untouched: redaction works on a copy.
        Assert.Contains(Secret, report.Observations[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxErrorsAreAllReportedWithTheirLineAndColumn()
    {
        var ex = Assert.Throws<DrillException>(() => TemplateReportRenderer.Parse("# Title\n\n{{ x = }}\nok\n{{ for s in report.steps }}\n- {{ s.name }}\n", "team.sbn"));

        Assert.Equal(ErrorIds.ReportTemplateInvalid, ex.ErrorId);
        Assert.Equal(DrillErrorKind.InvalidData, ex.Kind);
        Assert.StartsWith("The report template 'team.sbn' has 2 errors:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, column 8: Error while parsing assign expression", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 6, column 15: Error while parsing for statement: The <end> statement was not found", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Intro\n\n   {{ reprot.title }}", "line 3, column 7", "reprot")]
    [InlineData("{{ report.title | string.nope }}", "line 1, column 19", "string.nope")]
    [InlineData("a\n{{ include '/etc/passwd' }}", "line 2, column 4", "include")]
    [InlineData("{{ include_join ['/etc/passwd'] }}", "line 1, column 4", "include_join")]
    [InlineData("{{ report.title = 'x' }}", "line 1, column 11", "readonly")]
    public void RuntimeErrorsNameTheTemplateLineAndColumn(string text, string position, string mention)
    {
        var template = TemplateReportRenderer.Parse(text, "team.sbn");

        var ex = Assert.Throws<DrillException>(() => template.Render(ReportSamples.Videokit()));

        Assert.Equal(ErrorIds.ReportTemplateFailed, ex.ErrorId);
        Assert.StartsWith($"The report template 'team.sbn' failed at {position}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(mention, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndlessLoopStopsAtTheLoopLimit()
    {
        var template = TemplateReportRenderer.Parse("x\n{{ while true }}.{{ end }}", "loop.sbn", new TemplateLimits { LoopLimit = 500 });

        var ex = Assert.Throws<DrillException>(() => template.Render(ReportSamples.Videokit()));

        Assert.Equal(ErrorIds.ReportTemplateFailed, ex.ErrorId);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATemplateThatRunsTooLongIsStoppedAtTheTimeLimit()
    {
        // Without a loop limit only the clock stops it.
        var template = TemplateReportRenderer.Parse("{{ while true; x = 1; end }}", "slow.sbn", new TemplateLimits { LoopLimit = 0, TimeLimit = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();

        var ex = Assert.Throws<DrillException>(() => template.Render(ReportSamples.Videokit()));

        Assert.Equal(ErrorIds.ReportTemplateFailed, ex.ErrorId);
        Assert.StartsWith("The report template 'slow.sbn' ran longer than its time limit of 300ms and was stopped at line 1", ex.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void CancellingTheCallerStopsTheRenderAsCancelledNotAsATemplateError()
    {
        var template = TemplateReportRenderer.Parse("{{ while true; x = 1; end }}", "slow.sbn", new TemplateLimits { LoopLimit = 0, TimeLimit = TimeSpan.FromMinutes(5) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => template.Render(ReportSamples.Videokit(), cts.Token));
    }

    [Fact]
    public void OutputPastTheLimitFails()
    {
        var template = TemplateReportRenderer.Parse("{{ for i in 1..1000 }}0123456789{{ end }}", "big.sbn", new TemplateLimits { OutputLimit = 5000 });

        var ex = Assert.Throws<DrillException>(() => template.Render(ReportSamples.Videokit()));

        Assert.Equal(ErrorIds.ReportTemplateFailed, ex.ErrorId);
        Assert.Contains("output limit of 5000 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingTemplateFileIsNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "rbd-no-such-template-" + Guid.NewGuid().ToString("N") + ".sbn");

        var ex = Assert.Throws<DrillException>(() => TemplateReportRenderer.Load(path));

        Assert.Equal(ErrorIds.ReportTemplateNotFound, ex.ErrorId);
        Assert.Equal(DrillErrorKind.ObjectNotFound, ex.Kind);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedIncidentTemplateRendersTheVideokitDrill()
    {
        var template = TemplateReportRenderer.Load(IncidentTemplate);

        var text = template.Render(ReportSamples.Videokit());

        Assert.StartsWith("# Rollback incident record: Rollback Drill Report (T18d + T19a)\n\n| Field | Value |\n", text, StringComparison.Ordinal);
        Assert.Contains("| Outcome | **PASSED** |\n| Date | 2024-11-18 |\n| Window | 2024-11-18 09:00:00–09:30:00 UTC |\n", text, StringComparison.Ordinal);
        Assert.Contains("| Scope | videokit/videokit-api, videokit/videokit-worker |", text, StringComparison.Ordinal);
        Assert.Contains("| Canary | ≤ 5m 00s | 4m 55s (± 5s) | ✓ met |\n", text, StringComparison.Ordinal);
        Assert.Contains("| API | After | 43 (41) | videokit-0.1.0 | 1.0.0 | 44f1639 | Healthy (/readyz=200, pods ready) |\n", text, StringComparison.Ordinal);
        Assert.Contains("1. **Execute rollback**: Succeeded in 4m 12s (started 2024-11-18 09:05:00 UTC)\n   Roll back both releases with the validated plan.\n\n   ```bash\n   helm rollback videokit-api 41 --namespace videokit --kube-context prod-eu-west-1-admin --wait --timeout 10m\n   ```\n", text, StringComparison.Ordinal);
        Assert.Contains("- ✓ **api readyz** (`https://api.prod.videokit.internal/readyz`): healthy from 2024-11-18 09:09:12 UTC; 51 checks, 3 failed; last: HTTP 200\n", text, StringComparison.Ordinal);
        Assert.Contains("## 5. Artifacts\n\n- reports/deploy/smoke.log\n", text, StringComparison.Ordinal);
        Assert.Contains("## 7. Follow-up actions\n\n- [ ] Schedule monthly rollback drills.\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DRY RUN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedIncidentTemplateShowsABreachAndADryRun()
    {
        var template = TemplateReportRenderer.Load(IncidentTemplate);
        var breached = template.Render(ReportSamples.Videokit(canaryMet: false));
        var dry = ReportSamples.Videokit();
        dry.DryRun = true;
        var empty = new DrillReport { Title = "Empty", GeneratedAt = ReportSamples.Start };

        Assert.Contains("| Outcome | **FAILED** |", breached, StringComparison.Ordinal);
        Assert.Contains("| Canary | ≤ 5m 00s | 5m 10s (± 5s) | ✗ breached |", breached, StringComparison.Ordinal);
        Assert.Contains("> **DRY RUN**: nothing was changed", template.Render(dry), StringComparison.Ordinal);
        var emptyText = template.Render(empty);
        Assert.Contains("| Date | 2024-11-18 |", emptyText, StringComparison.Ordinal);
        Assert.Contains("| (no objective recorded) | | | |", emptyText, StringComparison.Ordinal);
        Assert.Contains("- No probe evidence recorded.", emptyText, StringComparison.Ordinal);
        Assert.Contains("## 3. Procedure\n\n- No step recorded.\n", emptyText, StringComparison.Ordinal);
    }
}
