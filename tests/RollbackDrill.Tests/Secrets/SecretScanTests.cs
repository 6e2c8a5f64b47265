using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RollbackDrill.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RollbackDrill.Tests.Secrets;

/// <summary>
/// Issue #9's secret scan: distinct secrets are planted in Helm values, the kubeconfig (token and client key), a probe
/// header taken from an environment variable and a Grafana-style token variable; the videokit drill then runs end to end
/// with -Verbose and -Debug, and every rendered object, serialized object, stream record, report file and transcript
/// is searched for each secret. A new cmdlet is covered by appending a step to <see cref="Steps"/>.
/// </summary>
public sealed class SecretScanTests(ITestOutputHelper output)
{
    private const string ValuesApiSecret = "rbd-SECRET-helm-values-api-6f2a91";
    private const string ValuesWorkerSecret = "rbd-SECRET-helm-values-worker-c03b7e";
    private const string KubeToken = "rbd-SECRET-kube-token-41d8e2";
    private const string ProbeToken = "rbd-SECRET-probe-bearer-9a7c55";
    private const string GrafanaToken = "glsa_rbdSECRETgrafana0e4f17c2_5b1d";

    private static readonly JsonSerializerOptions Json = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles, WriteIndented = false, MaxDepth = 64 };

    /// <summary>The pipeline of README's first drill, plus the error paths. Each step's objects and streams are scanned.</summary>
    public static IReadOnlyList<SecretScanStep> Steps { get; } =
    [
        new("context", "Get-DrillContext @conn"),
        new("status-before", "$global:before = Get-ReleaseStatus videokit-api, videokit-worker @conn -IncludePods; $global:before; $global:before.Pods"),
        new("history", "Get-ReleaseRevision videokit-api, videokit-worker @conn -Last 3"),
        new("plan", "$global:plan = Get-RollbackPlan videokit-api, videokit-worker @conn -Executor Sandbox; $global:plan; $global:plan.Changes; $global:plan.Workloads"),
        new("whatif", "Invoke-Rollback videokit-api, videokit-worker @conn -Executor Sandbox -WhatIf"),
        new("rollback", "$global:results = Invoke-Rollback videokit-api, videokit-worker @conn -Executor Sandbox -Timeout 00:01:00 -Confirm:$false; $global:results; $global:results.Transcript; $global:RollbackDrillLastResult"),
        new("wait", "Wait-ReleaseReady videokit-api, videokit-worker @conn -Timeout 00:01:00"),
        new("probe", "$global:probe = New-RecoveryProbe -Url $readyz -Name api-readyz -Header @{ Authorization = \"Bearer $env:RBD_SCAN_PROBE_TOKEN\"; 'X-Grafana-Token' = $env:GRAFANA_TOKEN }; $global:probe"),
        new("measure", "$global:rto = Measure-RecoveryTime -Probe $global:probe -Since $global:results[0].IssuedAt -Objective 00:10:00 -Timeout 00:00:30 -Interval 00:00:00.2; $global:rto; $global:rto.Probes"),
        new("status-after", "$global:after = Get-ReleaseStatus videokit-api, videokit-worker @conn; $global:after"),
        new("report", "$global:report = $global:before, $global:results, $global:rto, $global:after | ForEach-Object { $_ } | New-DrillReport -Title 'Secret scan drill' -Environment sandbox -Observation 'scan'; $global:report"),
        new("export", "foreach ($f in 'Markdown', 'Json', 'JUnit', 'Html') { $global:report | Export-DrillReport -Path (Join-Path $reports \"drill.$f.txt\") -Format $f -Force -PassThru }"),
        new("errors-unreachable-cluster", "Get-ReleaseRevision videokit-api -Namespace videokit -Context sandbox -Kubeconfig $deadk; Invoke-Rollback videokit-api -Namespace videokit -Context sandbox -Kubeconfig $deadk -Executor Sandbox -Confirm:$false", ErrorsExpected: true),
        new("errors-unknown-release", "Get-RollbackPlan videokit-apx @conn -Executor Sandbox; Invoke-Rollback videokit-api @conn -Executor Sandbox -Revision 999 -Confirm:$false", ErrorsExpected: true),
        new("errors-probe", "Measure-RecoveryTime -Probe (New-RecoveryProbe -Url \"$dead/readyz\" -Header @{ Authorization = \"Bearer $env:RBD_SCAN_PROBE_TOKEN\" }) -Timeout 00:00:01 -Interval 00:00:00.2"),
        new("drill", "$global:drill = Invoke-RollbackDrill (Join-Path $tmp 'scan.drill.yaml') -Kubeconfig $k -Context sandbox -Executor Sandbox -ProbeUrl @{ 'api-readyz' = $drillReadyz } -JournalPath (Join-Path $reports 'journal.json') -Force -Confirm:$false; $global:drill; $global:drill.Verdicts"),
    ];

    [Fact]
    public async Task No_planted_secret_reaches_any_output_stream_report_or_transcript()
    {
        var tmp = Directory.CreateTempSubdirectory("rbd-scan-").FullName;
        var reports = Directory.CreateDirectory(Path.Combine(tmp, "reports")).FullName;
        File.WriteAllText(Path.Combine(tmp, "scan.drill.yaml"), ScanDrill);
        await using var sandbox = await RollbackSandbox.StartAsync(PlantValues);
        using var health = new RecoveryFlipServer(startHealthy: true);
        using var drillHealth = new RecoveryFlipServer(startHealthy: true); // its own, so health.LastAuthorization is the header probe's
        var (kubeconfig, keyData, keyChunk) = SecretKubeconfig(sandbox.Kubeconfig, tmp);
        var deadKubeconfig = SecretKubeconfig($"server: http://127.0.0.1:{RecoveryPorts.Free()}", tmp, "dead").Path;
        var secrets = new Dictionary<string, string>
        {
            ["Helm values (videokit-api)"] = ValuesApiSecret,
            ["Helm values (videokit-worker)"] = ValuesWorkerSecret,
            ["Helm values (scenario's redis password)"] = "sandbox-redis-secret-do-not-print",
            ["Helm values (scenario's queue URL)"] = "sandbox-queue-secret-do-not-print",
            ["kubeconfig token"] = KubeToken,
            ["kubeconfig client-key-data"] = keyData,
            ["kubeconfig client key (PEM body)"] = keyChunk,
            ["probe header from $env:RBD_SCAN_PROBE_TOKEN"] = ProbeToken,
            ["Grafana token $env:GRAFANA_TOKEN"] = GrafanaToken,
        };

        using var ps = new ModuleRunspace(new Dictionary<string, string?> { ["RBD_SCAN_PROBE_TOKEN"] = ProbeToken, ["GRAFANA_TOKEN"] = GrafanaToken });
        try
        {
            var vars = new System.Collections.Hashtable
            {
                ["conn"] = new System.Collections.Hashtable { ["Context"] = RollbackSandbox.Context, ["Kubeconfig"] = kubeconfig, ["Namespace"] = "videokit" },
                ["k"] = kubeconfig,
                ["deadk"] = deadKubeconfig,
                ["tmp"] = tmp,
                ["reports"] = reports,
                ["readyz"] = health.Url,
                ["drillReadyz"] = drillHealth.Url,
                ["dead"] = $"http://127.0.0.1:{RecoveryPorts.Free()}",
            };
            var setup = ps.InvokeWith(
                "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ProgressPreference = 'Continue'\n" +
                // -Debug on a compiled cmdlet turns warnings into prompts (Inquire), which a host without UI refuses: keep them flowing.
                "foreach ($c in Get-Command -Module RollbackDrill) { $PSDefaultParameterValues[\"$($c.Name):Verbose\"] = $true; $PSDefaultParameterValues[\"$($c.Name):Debug\"] = $true; $PSDefaultParameterValues[\"$($c.Name):WarningAction\"] = 'Continue' }\n" +
                "$global:transcript = $null\n" +
                "if (Get-Command Start-Transcript -ErrorAction Ignore) { try { $null = Start-Transcript -Path (Join-Path $tmp 'transcript.txt') -ErrorAction Stop; $global:transcript = 'on' } catch { $global:transcript = \"unavailable: $_\" } } else { $global:transcript = 'unavailable: no Start-Transcript in this host' }\n" +
                "$global:transcript; if (-not (Get-Command ConvertTo-Json -ErrorAction Ignore)) { '(ConvertTo-Json is not in this host: objects are serialized with System.Text.Json only)' }",
                vars);
            var transcriptState = string.Join(" ", setup.Output);
            output.WriteLine("transcript: " + transcriptState);

            var corpus = new List<(string Where, string Text)>();
            foreach (var step in Steps)
            {
                var (texts, errorCount) = RunStep(ps, step);
                corpus.AddRange(texts.Select(t => (step.Name, t)));
                Assert.True(step.ErrorsExpected == (errorCount > 0), $"step {step.Name}: {errorCount} error(s)\n{string.Join("\n", texts.Where(t => t.StartsWith("ErrorRecord", StringComparison.Ordinal)))}");
            }

            ps.Invoke("if ($global:transcript -eq 'on') { Stop-Transcript }");
            var files = Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("kubeconfig", StringComparison.Ordinal)).ToList();
            Assert.Equal(9, Directory.EnumerateFiles(reports).Count()); // 4 exported, 4 from the drill file, the journal
            if (transcriptState == "on")
            {
                var transcript = File.ReadAllText(Path.Combine(tmp, "transcript.txt"));
                output.WriteLine($"transcript: {transcript.Length} chars");
                Assert.Contains("videokit-api", transcript, StringComparison.Ordinal);
            }

            corpus.AddRange(files.Select(f => ("file " + Path.GetFileName(f), File.ReadAllText(f))));

            // The drill really ran (so the scan covers real output) and the secrets were really in play.
            Assert.Contains(corpus, c => c.Where == "rollback" && c.Text.Contains("Succeeded", StringComparison.Ordinal));
            Assert.Equal("Bearer " + ProbeToken, health.LastAuthorization);
            var values = ps.InvokeWith("Get-ReleaseRevision videokit-api @conn -Last 1 -IncludeValues | ForEach-Object { $_.Values['apiKey'] }", vars);
            Assert.Equal(ValuesApiSecret, Assert.Single(values.Output).ToString());

            var hits = (from s in secrets
                        from c in corpus
                        where c.Text.Contains(s.Value, StringComparison.Ordinal)
                        select $"{s.Key} found in {c.Where}: …{Around(c.Text, s.Value)}…").ToList();
            output.WriteLine($"scanned {corpus.Count} texts ({corpus.Sum(c => c.Text.Length)} chars) from {Steps.Count} steps and {files.Count} files");
            Assert.True(hits.Count == 0, string.Join("\n", hits));
        }
        finally
        {
            ps.SetEnvironment("RBD_SCAN_PROBE_TOKEN", null);
            ps.SetEnvironment("GRAFANA_TOKEN", null);
        }
    }

    [Fact]
    public void The_scan_sees_output_and_every_stream()
    {
        using var ps = new ModuleRunspace();
        const string Marker = "rbd-scan-marker";
        var step = new SecretScanStep("control",
            $"$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'\n" +
            $"[pscustomobject]@{{ Deep = @{{ A = @{{ B = @('{Marker}-json') }} }} }}; Write-Verbose '{Marker}-verbose'; Write-Debug '{Marker}-debug'; " +
            $"Write-Warning '{Marker}-warning'; Write-Information '{Marker}-information'; Write-Error '{Marker}-error'; " +
            $"Write-Progress -Activity '{Marker}-progress' -Status s; Write-Progress -Activity '{Marker}-progress' -Completed",
            ErrorsExpected: true);
        var (texts, errors) = RunStep(ps, step);
        Assert.Equal(1, errors);
        var all = string.Join("\n", texts);
        Assert.All(["json", "verbose", "debug", "warning", "information", "error", "progress"], s => Assert.Contains($"{Marker}-{s}", all, StringComparison.Ordinal));
    }

    /// <summary>Runs one step with every stream merged into the output, and renders each item as a user would see it.</summary>
    private static (List<string> Texts, int Errors) RunStep(ModuleRunspace ps, SecretScanStep step)
    {
        var script = "& {\n" + step.Script + "\n} *>&1 | ForEach-Object {\n" +
            "  if ($_ -is [System.Management.Automation.ErrorRecord]) { ,$_; return }\n" +
            "  if ($_ -is [System.Management.Automation.InformationalRecord] -or $_ -is [System.Management.Automation.InformationRecord]) { ,$_; return }\n" +
            "  [pscustomobject]@{ RbdScanItem = $_; Table = ($_ | Out-String -Width 400); List = ($_ | Format-List * | Out-String -Width 400);\n" +
            "    Json = if (Get-Command ConvertTo-Json -ErrorAction Ignore) { $_ | ConvertTo-Json -Depth 8 -WarningAction Ignore } else { $null } }\n" +
            "}";
        var r = ps.Invoke(script);
        var texts = new List<string>();
        var errors = r.Errors.Count + (r.Terminating is null ? 0 : 1);
        foreach (var o in r.Output)
        {
            switch (o.BaseObject)
            {
                case System.Management.Automation.ErrorRecord e:
                    errors++;
                    texts.Add($"ErrorRecord {e} | {e.Exception} | {e.ErrorDetails?.Message} | {e.ErrorDetails?.RecommendedAction} | {e.TargetObject} | {e.CategoryInfo} | {e.FullyQualifiedErrorId}");
                    break;
                case System.Management.Automation.InformationalRecord i:
                    texts.Add(i.GetType().Name + " " + i.Message);
                    break;
                case System.Management.Automation.InformationRecord info:
                    texts.Add("InformationRecord " + info.MessageData + " " + string.Join(",", info.Tags));
                    break;
                default:
                    texts.Add(o.Str("Table") ?? string.Empty);
                    texts.Add(o.Str("List") ?? string.Empty);
                    texts.Add(o.Str("Json") ?? string.Empty);
                    texts.Add(Serialize(o.Prop("RbdScanItem")));
                    break;
            }
        }

        texts.AddRange(r.Errors.Select(e => $"ErrorRecord {e} | {e.Exception} | {e.ErrorDetails?.Message} | {e.TargetObject}"));
        texts.AddRange(r.Warnings.Concat(r.Verbose));
        texts.AddRange(r.Progress.Select(p => $"Progress {p.Activity} | {p.StatusDescription} | {p.CurrentOperation}"));
        if (r.Terminating is not null)
        {
            texts.Add("Terminating " + r.Terminating);
        }

        return (texts, errors);
    }

    /// <summary>The object as JSON (System.Text.Json, cycles cut), in case ConvertTo-Json stopped at its depth.</summary>
    private static string Serialize(object? value)
    {
        var o = value is System.Management.Automation.PSObject pso ? pso.BaseObject : value;
        try
        {
            return o is null ? string.Empty : JsonSerializer.Serialize(o, o.GetType(), Json);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return o?.ToString() ?? string.Empty;
        }
    }

    private static string Around(string text, string secret)
    {
        var i = text.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, i - 60);
        return text[start..Math.Min(text.Length, i + secret.Length + 20)].ReplaceLineEndings(" ");
    }

    /// <summary>A drill of both releases on the sandbox, writing every report format next to the exported ones.</summary>
    private const string ScanDrill = """
        apiVersion: rollbackdrill/v1
        kind: Drill
        metadata:
          name: secret-scan
        spec:
          environment: sandbox
          context: sandbox
          namespace: videokit
          timeout: 2m
          objectives:
            - tier: full
              recoveryTime: 10m
          groups:
            - name: videokit
              releases:
                - name: videokit-api
                  tier: full
                - name: videokit-worker
                  tier: full
          probes:
            - name: api-readyz
              tier: full
              interval: 1s
              http:
                url: http://127.0.0.1:1/readyz
          reports:
            - format: markdown
              path: reports/drill-file.md
            - format: json
              path: reports/drill-file.json
            - format: junit
              path: reports/drill-file.junit.xml
            - format: html
              path: reports/drill-file.html
        """;

    /// <summary>Puts a distinct secret into the Helm values of each release of the scenario.</summary>
    private static string PlantValues(string text) => text
        .Replace("        replicaCount: 3\n", $"        replicaCount: 3\n        apiKey: {ValuesApiSecret}\n", StringComparison.Ordinal)
        .Replace("        replicaCount: 2\n", $"        replicaCount: 2\n        queueToken: {ValuesWorkerSecret}\n", StringComparison.Ordinal);

    /// <summary>
    /// A kubeconfig for the sandbox's server (taken from <paramref name="sandboxKubeconfigOrServerLine"/>) whose user has
    /// a secret token and a real client certificate and key; returns the key data and a chunk of the key's PEM body.
    /// </summary>
    private static (string Path, string KeyData, string KeyChunk) SecretKubeconfig(string sandboxKubeconfigOrServerLine, string tmp, string name = "secret")
    {
        var source = File.Exists(sandboxKubeconfigOrServerLine) ? File.ReadAllText(sandboxKubeconfigOrServerLine) : sandboxKubeconfigOrServerLine;
        var server = source.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("server:", StringComparison.Ordinal))["server:".Length..].Trim();
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=rbd-secret-scan", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var keyPem = rsa.ExportRSAPrivateKeyPem();
        var keyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(keyPem));
        var certData = Convert.ToBase64String(Encoding.ASCII.GetBytes(cert.ExportCertificatePem()));
        var chunk = keyPem.Split('\n')[5].Trim(); // a line from the middle of the key's base64 body
        var path = Path.Combine(tmp, name + ".kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: {RollbackSandbox.Context}
            clusters:
            - name: scan
              cluster:
                server: {server}
            users:
            - name: scan-user
              user:
                token: {KubeToken}
                client-certificate-data: {certData}
                client-key-data: {keyData}
            contexts:
            - name: {RollbackSandbox.Context}
              context:
                cluster: scan
                user: scan-user
                namespace: videokit
            """);
        return (path, keyData, chunk);
    }
}
