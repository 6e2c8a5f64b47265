using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>Invoke-RollbackDrill end to end on the sandbox: the example drills, dry runs, breaches, bad files, Ctrl+C.</summary>
public sealed class DrillRunTests
{
    private static string Drill(string objective = "30s", string extra = "") => $$"""
        apiVersion: rollbackdrill/v1
        kind: Drill
        metadata: {name: videokit-test}
        spec:
          environment: sandbox
          context: sandbox
          namespace: videokit
          timeout: 60s
          objectives:
            - {tier: full, recoveryTime: {{objective}}}
          groups:
            - name: videokit
              releases:
                - {name: videokit-api}
                - {name: videokit-worker}
          probes:
            - name: api-readyz
              interval: 100ms
              http: {url: "http://placeholder.invalid/readyz", expectedStatus: ["200"]}
            - name: worker-rolled-out
              interval: 100ms
              kubernetes: {release: videokit-worker}
          reports:
            - {format: markdown, path: out/drill.md}
            - {format: json, path: out/drill.json}
        {{extra}}
        """;

    private static (string Dir, string Path) WriteDrill(string yaml)
    {
        var dir = Directory.CreateTempSubdirectory("rbd-drill-").FullName;
        var path = Path.Combine(dir, "drill.yaml");
        File.WriteAllText(path, yaml);
        return (dir, path);
    }

    private static PsResult Run(ModuleRunspace ps, RollbackSandbox sandbox, string drillPath, string extra = "") =>
        ps.InvokeWith(
            "$k = $kubeconfig; $server = (Get-DrillContext -Kubeconfig $k -Context sandbox).Server; " +
            "$api = [uri]::new($server, '/sandbox/health/videokit/videokit-api/readyz'); " +
            $"Invoke-RollbackDrill -Path $drill -Kubeconfig $k -Executor Sandbox -ProbeUrl @{{ 'api-readyz' = $api }} {extra}",
            new System.Collections.Hashtable { ["kubeconfig"] = sandbox.Kubeconfig, ["drill"] = drillPath });

    [Fact]
    public async Task Videokit_example_drill_runs_end_to_end_with_report_and_journal()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-drill-example-").FullName;
        var drill = Path.Combine(dir, "videokit.drill.yaml");
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "drills", "videokit.drill.yaml"), drill);
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            """
            $sb = Start-DrillSandbox (Join-Path $root 'examples/sandbox/videokit.yaml')
            try {
                $urls = @{ 'api-readyz' = [uri]::new($sb.HealthUrls['videokit/videokit-api'], 'readyz'); 'worker-readyz' = [uri]::new($sb.HealthUrls['videokit/videokit-worker'], 'readyz') }
                Invoke-RollbackDrill -Path $drill -Kubeconfig $sb.Kubeconfig -Context $sb.Context -Executor Sandbox -ProbeUrl $urls -Confirm:$false
            } finally { Stop-DrillSandbox $sb.Name }
            """,
            new System.Collections.Hashtable { ["root"] = RepoPaths.Root, ["drill"] = drill });

        Assert.Empty(r.AllErrors);
        var result = r.One("RollbackDrill.DrillResult");
        Assert.Equal("Succeeded", result.Str("Outcome"));
        var phases = ((System.Collections.IEnumerable)result.Prop("Phases")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Equal(["Plan", "BeforeState", "Baseline", "Rollback", "Readiness", "Recovery", "AfterState"], phases.Select(p => p.Str("Name")!).ToArray());
        var starts = phases.Select(p => (DateTimeOffset)p.Prop("StartedAt")!).ToList();
        Assert.Equal(starts.OrderBy(s => s), starts);
        var verdict = PSObject.AsPSObject(Assert.Single(((System.Collections.IEnumerable)result.Prop("Verdicts")!).Cast<object>()));
        Assert.Equal("full", verdict.Str("Tier"));
        Assert.Equal(true, verdict.Prop("Met"));
        Assert.True((TimeSpan)verdict.Prop("Measured")! < TimeSpan.FromSeconds(60));

        // seed 003's before/after table, the exact helm commands, and every report output of the drill file.
        var md = File.ReadAllText(Path.Combine(dir, "reports", "videokit-drill.md"));
        Assert.Contains("| 43 (41) |", md);
        Assert.Contains("| 19 (17) |", md);
        Assert.Contains("helm rollback videokit-api 41", md);
        Assert.Contains("helm rollback videokit-worker 17", md);
        foreach (var f in new[] { "videokit-drill.json", "videokit-drill.junit.xml", "videokit-drill.html" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, "reports", f)).Length > 200, f);
        }

        var journalPath = result.Str("JournalPath")!;
        using var journal = JsonDocument.Parse(File.ReadAllText(journalPath));
        Assert.Equal("Succeeded", journal.RootElement.GetProperty("Outcome").GetString());
        Assert.Equal(2, journal.RootElement.GetProperty("Rollbacks").GetArrayLength());
        foreach (var text in new[] { md, File.ReadAllText(journalPath), File.ReadAllText(Path.Combine(dir, "reports", "videokit-drill.html")) })
        {
            Assert.DoesNotContain("do-not-print", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WhatIf_plans_and_reports_a_dry_run_without_writing_to_the_cluster_or_disk()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        var (dir, path) = WriteDrill(Drill());
        using var ps = new ModuleRunspace();
        var since = DateTimeOffset.UtcNow;
        var r = Run(ps, sandbox, path, "-WhatIf");

        Assert.Empty(r.AllErrors);
        var result = r.One("RollbackDrill.DrillResult");
        Assert.Equal("DryRun", result.Str("Outcome"));
        Assert.Equal(0, sandbox.WritesSince(since));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        var report = PSObject.AsPSObject(result.Prop("Report")!);
        Assert.Equal(true, report.Prop("DryRun"));
        var steps = ((System.Collections.IEnumerable)report.Prop("Steps")!).Cast<object>().Select(o => PSObject.AsPSObject(o).Str("Name")).ToList();
        Assert.Contains(steps, s => s!.Contains("videokit-api 42 → 41", StringComparison.Ordinal));
        Assert.Null(result.Prop("JournalPath"));
    }

    [Fact]
    public async Task A_breached_objective_is_reported_as_missed_with_a_warning()
    {
        // The API's pods take 4 s to become ready: a 1 s objective cannot be met.
        await using var sandbox = await RollbackSandbox.StartAsync(t => t.Replace("readyAfter: 1s", "readyAfter: 4s"));
        var (dir, path) = WriteDrill(Drill(objective: "1s"));
        using var ps = new ModuleRunspace();
        var r = Run(ps, sandbox, path, "-Confirm:$false");

        Assert.Empty(r.AllErrors);
        var result = r.One("RollbackDrill.DrillResult");
        Assert.Equal("ObjectiveMissed", result.Str("Outcome"));
        Assert.Contains(r.Warnings, w => w.Contains("objective(s) missed", StringComparison.Ordinal));
        var verdict = PSObject.AsPSObject(((System.Collections.IEnumerable)result.Prop("Verdicts")!).Cast<object>().Single());
        Assert.Equal(false, verdict.Prop("Met"));
        Assert.True((TimeSpan)verdict.Prop("Measured")! > TimeSpan.FromSeconds(3));
        var md = File.ReadAllText(Path.Combine(dir, "out", "drill.md"));
        Assert.Contains("FAILED", md, StringComparison.OrdinalIgnoreCase);
        // Both probes of the tier ran, the HTTP one and the Kubernetes readiness one, and recovered.
        var probes = ((System.Collections.IEnumerable)PSObject.AsPSObject(((System.Collections.IEnumerable)result.Prop("Measurements")!).Cast<object>().Single()).Prop("Probes")!)
            .Cast<object>().Select(PSObject.AsPSObject).ToDictionary(p => p.Str("Name")!, p => p);
        Assert.Equal("KubernetesReadiness", probes["worker-rolled-out"].Str("Kind"));
        Assert.Equal(true, probes["worker-rolled-out"].Prop("Recovered"));
        Assert.Equal(true, probes["api-readyz"].Prop("Recovered"));

        // The module's views: the journal as a list, the verdicts as a table.
        var shown = ps.Invoke("$global:RollbackDrillLastDrill | Out-String -Width 300; $global:RollbackDrillLastDrill.Verdicts | Out-String -Width 300").Output.Select(o => o.ToString()).ToList();
        Assert.Matches(@"Outcome\s*:\s*ObjectiveMissed", shown[0]);
        Assert.Matches(@"Verdicts\s*:\s*full: .* vs 00:00:01 \(missed\)", shown[0]);
        Assert.Matches(@"Tier\s+Objective\s+Measured\s+Met\s+Basis", shown[1]);

        // Pester and runbooks fail on it.
        var asserted = ps.Invoke("$global:RollbackDrillLastDrill | Assert-RecoveryObjective");
        var breach = Assert.Single(asserted.AllErrors);
        Assert.Equal("RecoveryObjectiveBreached", breach.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("'full recovery' breached", breach.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drill_file_with_five_mistakes_reports_all_five_and_touches_nothing()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        var yaml = """
            apiVersion: rollbackdrill/v2
            kind: Drill
            metadata: {name: broken}
            spec:
              environment: sandbox
              context: sandbox
              namespace: Not_A_Namespace
              timeout: forever
              groups:
                - name: g
                  releases: [{name: videokit-api}]
              reports:
                - {format: pdf, path: out/x.pdf}
              colour: blue
            """;
        var (_, path) = WriteDrill(yaml);
        using var ps = new ModuleRunspace();
        var since = DateTimeOffset.UtcNow;
        var r = Run(ps, sandbox, path, "-Confirm:$false");

        Assert.Empty(r.Output);
        Assert.Equal(5, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.Equal("DrillFileInvalid,RollbackDrill.Commands.InvokeRollbackDrillCommand", e.FullyQualifiedErrorId));
        Assert.All(r.Errors, e => Assert.Matches(@"drill\.yaml:\d+:\d+", e.Exception.Message));
        Assert.Equal(0, sandbox.WritesSince(since));
    }

    [Fact]
    public async Task Ctrl_C_stops_the_drill_and_leaves_a_journal_that_says_what_was_left()
    {
        // Revision 41 never becomes ready: the drill would wait until its timeout.
        await using var sandbox = await RollbackSandbox.StartAsync(t => t.Replace(
            "- {revision: 41, gitCommit: 44f1639}", "- {revision: 41, gitCommit: 44f1639, neverReady: true, progressDeadlineSeconds: 600}", StringComparison.Ordinal));
        var (dir, path) = WriteDrill(Drill());
        var journalPath = Path.Combine(dir, "journal.json");
        using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2());
        runspace.Open();
        using (var import = PowerShell.Create())
        {
            import.Runspace = runspace;
            import.AddScript("Import-Module $args[0] -ErrorAction Stop").AddArgument(RepoPaths.Manifest).Invoke();
        }

        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Invoke-RollbackDrill -Path $args[0] -Kubeconfig $args[1] -Executor Sandbox -Confirm:$false -JournalPath $args[2] -ProbeUrl @{ 'api-readyz' = 'http://127.0.0.1:9/readyz' }")
            .AddArgument(path).AddArgument(sandbox.Kubeconfig).AddArgument(journalPath);
        var since = DateTimeOffset.UtcNow;
        var async = ps.BeginInvoke();
        for (var i = 0; i < 300 && sandbox.WritesSince(since) == 0; i++)
        {
            await Task.Delay(100); // until the rollback reached the sandbox
        }

        Assert.True(sandbox.WritesSince(since) > 0, "the drill never reached the sandbox");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // applied; waiting for a never-ready Deployment
        Assert.False(async.IsCompleted, "the drill should still be waiting");
        var watch = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"Stop took {watch.Elapsed}");

        using var journal = JsonDocument.Parse(File.ReadAllText(journalPath));
        var root = journal.RootElement;
        Assert.Equal("Stopped", root.GetProperty("Outcome").GetString());
        Assert.Contains("operator", root.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains("videokit-api", root.GetProperty("StateLeft").GetString(), StringComparison.Ordinal);
        Assert.True(root.TryGetProperty("EndedAt", out _));
        using var read = PowerShell.Create();
        read.Runspace = runspace;
        var last = Assert.Single(read.AddScript("$global:RollbackDrillLastDrill").Invoke());
        Assert.Equal("Stopped", last.Properties["Outcome"].Value.ToString());
    }

    [RecoveryToolFact("prometheus-alertmanager")]
    public void Embeddings_example_drill_scales_rolls_back_in_groups_and_clears_alerts()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-drill-emb-").FullName;
        var drill = Path.Combine(dir, "embeddings.drill.yaml");
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "drills", "embeddings.drill.yaml"), drill);
        using var alertmanager = new RecoveryAlertmanager();
        using var ps = new ModuleRunspace();
        var r = ps.InvokeWith(
            """
            $sb = Start-DrillSandbox (Join-Path $root 'examples/sandbox/embeddings.yaml')
            try {
                $urls = @{ 'legacy-healthz' = [uri]::new($sb.HealthUrls['embeddings/legacy-embeddings'], 'healthz'); 'alerts-cleared' = $am }
                $d = Invoke-RollbackDrill -Path $drill -Kubeconfig $sb.Kubeconfig -Context $sb.Context -Executor Sandbox -ProbeUrl $urls -SkipStep smoke-test -Confirm:$false
                $d
                (Get-ReleaseStatus -Kubeconfig $sb.Kubeconfig -Context $sb.Context -Namespace embeddings embeddings-* | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Revision)" }) -join ','
            } finally { Stop-DrillSandbox $sb.Name }
            """,
            new System.Collections.Hashtable { ["root"] = RepoPaths.Root, ["drill"] = drill, ["am"] = alertmanager.Url });

        Assert.Empty(r.AllErrors);
        var result = r.Output[0];
        Assert.Equal("RollbackDrill.DrillResult", result.BaseObject.GetType().FullName);
        Assert.Equal("Succeeded", result.Str("Outcome"));
        var steps = ((System.Collections.IEnumerable)result.Prop("Steps")!).Cast<object>().Select(PSObject.AsPSObject).ToDictionary(s => s.Str("Name")!, s => s.Str("Outcome"));
        Assert.Equal("Succeeded", steps["scale-vllm-to-zero"]);
        Assert.Equal("Succeeded", steps["scale-pyserini-to-zero"]);
        Assert.Equal("Succeeded", steps["scale-legacy-embeddings"]);
        Assert.Equal("Skipped", steps["smoke-test"]);
        var verdicts = ((System.Collections.IEnumerable)result.Prop("Verdicts")!).Cast<object>().Select(PSObject.AsPSObject).ToDictionary(v => v.Str("Tier")!, v => v);
        Assert.Equal(true, verdicts["canary"].Prop("Met"));
        Assert.Equal(true, verdicts["full"].Prop("Met"));
        // Groups in order: the canary gateway was issued and ready before the full group started.
        var rollbacks = ((System.Collections.IEnumerable)result.Prop("Rollbacks")!).Cast<object>().Select(PSObject.AsPSObject).ToDictionary(x => x.Str("Name")!, x => x);
        Assert.True((DateTimeOffset)rollbacks["embeddings-gateway"].Prop("CompletedAt")! <= (DateTimeOffset)rollbacks["embeddings-faiss"].Prop("IssuedAt")!);
        // Each rollback wrote a new revision: faiss 4 → 5, gateway 6 → 7, opensearch 3 → 4.
        Assert.Equal("embeddings-faiss=5,embeddings-gateway=7,embeddings-opensearch=4", r.Output[1].ToString());
    }

    [Fact]
    public async Task Annotate_marks_the_drill_window_in_Grafana_and_a_failure_is_only_a_warning()
    {
        await using var sandbox = await RollbackSandbox.StartAsync();
        var (_, path) = WriteDrill(Drill());
        using var grafana = new RecordingGrafana();
        using var ps = new ModuleRunspace(new Dictionary<string, string?> { ["RBD_TEST_GRAFANA_TOKEN"] = "glsa_drill-token-do-not-print" });
        var r = Run(ps, sandbox, path, $"-Confirm:$false -Annotate '{grafana.Url}' -GrafanaTokenVariable RBD_TEST_GRAFANA_TOKEN -AnnotationTag drill, videokit");

        Assert.Empty(r.AllErrors);
        Assert.Empty(r.Warnings);
        var result = r.One("RollbackDrill.DrillResult");
        Assert.Equal("Succeeded", result.Str("Outcome"));
        Assert.Equal(["POST /api/annotations", "PATCH /api/annotations/42"], grafana.Requests.Select(q => q.Line).ToArray());
        Assert.All(grafana.Requests, q => Assert.Equal("Bearer glsa_drill-token-do-not-print", q.Authorization));
        using var start = JsonDocument.Parse(grafana.Requests[0].Body);
        {
            Assert.Equal(["drill", "videokit"], start.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
            Assert.Contains("videokit-test", start.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        using (var end = JsonDocument.Parse(grafana.Requests[1].Body))
        {
            Assert.True(end.RootElement.GetProperty("timeEnd").GetInt64() > start.RootElement.GetProperty("time").GetInt64());
        }

        Assert.DoesNotContain("do-not-print", File.ReadAllText(result.Str("JournalPath")!), StringComparison.Ordinal);

        // Grafana unreachable: the drill still succeeds, with a warning that does not show the token.
        await using var second = await RollbackSandbox.StartAsync();
        var (_, path2) = WriteDrill(Drill());
        var r2 = Run(ps, second, path2, "-Confirm:$false -Annotate 'http://127.0.0.1:9/' -GrafanaTokenVariable RBD_TEST_GRAFANA_TOKEN");
        Assert.Empty(r2.AllErrors);
        Assert.Equal("Succeeded", r2.One("RollbackDrill.DrillResult").Str("Outcome"));
        Assert.Contains(r2.Warnings, w => w.StartsWith("Grafana annotation:", StringComparison.Ordinal));
        Assert.All(r2.Warnings, w => Assert.DoesNotContain("do-not-print", w, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_drill_completes_through_API_errors_latency_and_dropped_watches()
    {
        // 503s with Retry-After on a third of the apps API calls, +100 ms on every call, and watches cut mid-rollout.
        await using var sandbox = await RollbackSandbox.StartAsync(t => t.TrimEnd() + """

              faults:
                - {type: error, status: 503, rate: 0.3, path: /apis/apps, retryAfterSeconds: 1}
                - {type: latency, latency: 100ms}
                - {type: drop-watches, count: 3}
            """);
        var (_, path) = WriteDrill(Drill());
        using var ps = new ModuleRunspace();
        var r = Run(ps, sandbox, path, "-Confirm:$false");

        Assert.Empty(r.AllErrors);
        var result = r.One("RollbackDrill.DrillResult");
        Assert.Equal("Succeeded", result.Str("Outcome"));
        var after = ((System.Collections.IEnumerable)result.Prop("After")!).Cast<object>().Select(PSObject.AsPSObject).ToDictionary(x => x.Str("Name")!, x => x.Str("Revision"));
        Assert.Equal("43", after["videokit-api"]);
        Assert.Equal("19", after["videokit-worker"]);
    }
}

/// <summary>Stands in for Grafana's annotations API: records each request, answers POST with id 42 and PATCH with 200.</summary>
internal sealed class RecordingGrafana : IDisposable
{
    private readonly System.Net.HttpListener listener = new();

    public RecordingGrafana()
    {
        var port = RecoveryPorts.Free();
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public List<(string Line, string? Authorization, string Body)> Requests { get; } = [];

    public void Dispose() => listener.Close();

    private async Task LoopAsync()
    {
        while (listener.IsListening)
        {
            System.Net.HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (Requests)
            {
                Requests.Add(($"{ctx.Request.HttpMethod} {ctx.Request.Url!.AbsolutePath}", ctx.Request.Headers["Authorization"], body));
            }

            var answer = ctx.Request.HttpMethod == "POST" ? "{\"id\":42,\"message\":\"Annotation added\"}" : "{\"message\":\"Annotation patched\"}";
            var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }
}
