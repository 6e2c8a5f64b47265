using System.IO.Compression;
using System.Management.Automation;
using System.Text;

namespace RollbackDrill.Tests.BadInput;

/// <summary>
/// The bad-input catalogue (issue #9): every case is data. Add a case by appending a record to <see cref="All"/>;
/// <see cref="BadInputTests"/> runs each one and checks the error's kind, id, category, target and advice, and that
/// the sandbox saw no write. Scripts see $k, $conn (splat: -Context sandbox -Kubeconfig $k -Namespace videokit),
/// $tmp, $dead, $helm and $prom (see <see cref="BadInputCase"/>).
/// </summary>
public static class BadInputCatalogue
{
    private const ErrorCategory NotFound = ErrorCategory.ObjectNotFound;
    private const ErrorCategory BadArg = ErrorCategory.InvalidArgument;
    private const ErrorCategory BadData = ErrorCategory.InvalidData;
    private const string Binder = "ParameterArgumentValidationError";
    private const string Rollback = "Invoke-Rollback videokit-api @conn -Executor Sandbox -Confirm:$false";

    /// <summary>A drill file that Test-DrillFile accepts; drill cases break one thing in it.</summary>
    private const string GoodDrill = """
        apiVersion: rollbackdrill/v1
        kind: Drill
        metadata:
          name: catalogue
        spec:
          environment: sandbox
          context: sandbox
          namespace: videokit
          timeout: 10m
          objectives:
            - tier: full
              recoveryTime: 10m
          groups:
            - name: videokit
              releases:
                - name: videokit-api
                  tier: full
          probes:
            - name: api-readyz
              tier: full
              interval: 5s
              http:
                url: http://127.0.0.1:1/readyz
          reports:
            - format: markdown
              path: reports/drill.md
        """;

    public static IReadOnlyList<BadInputCase> All { get; } =
    [
        // ---- Drill files (Test-DrillFile): one error per mistake, with file:line and the field. ----
        Drill("drill-file-missing", null, "DrillFileNotFound", NotFound, "examples/drills") with { Target = "{tmp}/absent.drill.yaml", TargetProperty = null, Script = "Test-DrillFile (Join-Path $tmp 'absent.drill.yaml')" },
        Drill("drill-not-yaml", "spec: [unclosed", "DrillFileInvalid", BadData, "Not valid YAML"),
        Drill("drill-wrong-kind", GoodDrill.Replace("kind: Drill", "kind: Dril", StringComparison.Ordinal), "DrillFileInvalid", BadData, "Expected kind 'Drill'") with { Target = "kind" },
        Drill("drill-wrong-apiVersion", GoodDrill.Replace("rollbackdrill/v1", "rollbackdrill/v9", StringComparison.Ordinal), "DrillFileInvalid", BadData, "this module reads 'rollbackdrill/v1'") with { Target = "apiVersion" },
        Drill("drill-no-name", GoodDrill.Replace("  name: catalogue\n", "  description: x\n", StringComparison.Ordinal), "DrillFileInvalid", BadData, "Required field is missing") with { Target = "metadata.name" },
        Drill("drill-bad-namespace", GoodDrill.Replace("namespace: videokit", "namespace: Video_Kit", StringComparison.Ordinal), "DrillFileInvalid", BadData, "DNS-1123") with { Target = "spec.namespace" },
        Drill("drill-negative-revision", GoodDrill.Replace("- name: videokit-api\n", "- name: videokit-api\n          revision: -2\n", StringComparison.Ordinal), "DrillFileInvalid", BadData, "Must be at least 1") with { Target = "spec.groups[0].releases[0].revision" },
        Drill("drill-zero-timeout", GoodDrill.Replace("timeout: 10m", "timeout: 0s", StringComparison.Ordinal), "DrillFileInvalid", BadData, "longer than zero") with { Target = "spec.timeout" },
        Drill("drill-bad-duration", GoodDrill.Replace("recoveryTime: 10m", "recoveryTime: ten minutes", StringComparison.Ordinal), "DrillFileInvalid", BadData, "such as 90s") with { Target = "spec.objectives[0].recoveryTime" },
        Drill("drill-unknown-report-format", GoodDrill.Replace("format: markdown", "format: word", StringComparison.Ordinal), "DrillFileInvalid", BadData, "not one of: markdown, json, junit, html") with { Target = "spec.reports[0].format" },
        Drill("drill-probe-bad-url", GoodDrill.Replace("http://127.0.0.1:1/readyz", "not a url", StringComparison.Ordinal), "DrillFileInvalid", BadData, "absolute http or https URL") with { Target = "spec.probes[0].http.url" },
        Drill("drill-no-releases", GoodDrill.Replace("      releases:\n        - name: videokit-api\n          tier: full\n", "      releases: []\n", StringComparison.Ordinal).Replace("              releases:\n                - name: videokit-api\n                  tier: full\n", "              releases: []\n", StringComparison.Ordinal), "DrillFileInvalid", BadData, "must not be empty") with { Target = "spec.groups[0].releases" },
        Drill("drill-unknown-field", GoodDrill.Replace("  timeout: 10m", "  timeout: 10m\n  timout: 5m", StringComparison.Ordinal), "DrillFileInvalid", BadData, "Allowed here:") with { Target = "spec.timout" },

        // ---- Kubeconfig and context: setup failures, terminating, before any request. ----
        new("kubeconfig-missing", "Get-ReleaseRevision videokit-api -Namespace videokit -Context sandbox -Kubeconfig (Join-Path $tmp 'none/config')", true, "KubeconfigNotFound", NotFound, "{tmp}/none/config", "-Kubeconfig"),
        new("kubeconfig-malformed", "Get-ReleaseStatus videokit-api -Namespace videokit -Context sandbox -Kubeconfig (Join-Path $tmp 'config')", true, "KubeconfigInvalid", BadData, "{tmp}/config", "kubectl config view")
        { Files = new Dictionary<string, string> { ["config"] = "clusters: [ this is : not : yaml" } },
        new("kubeconfig-empty", "Get-ReleaseRevision videokit-api -Namespace videokit -Kubeconfig (Join-Path $tmp 'config')", true, "KubeconfigInvalid", BadData, "{tmp}/config", "kubectl config get-contexts")
        { Files = new Dictionary<string, string> { ["config"] = "apiVersion: v1\nkind: Config\n" } },
        new("kubeconfig-unknown-context", "Get-ReleaseRevision videokit-api -Namespace videokit -Context nope -Kubeconfig $k", true, "ContextNotFound", NotFound, "nope", "Known contexts: sandbox") { Needs = CaseNeeds.Sandbox },
        new("rollback-kubeconfig-missing", "Invoke-Rollback videokit-api -Namespace videokit -Context sandbox -Kubeconfig (Join-Path $tmp 'none/config') -Executor Sandbox -Confirm:$false", true, "KubeconfigNotFound", NotFound, "{tmp}/none/config", "-Kubeconfig") { Mutating = true },
        new("rollback-unknown-context", "Invoke-Rollback videokit-api -Namespace videokit -Context prod -Kubeconfig $k -Executor Sandbox -Confirm:$false", true, "ContextNotFound", NotFound, "prod", "Known contexts: sandbox") { Mutating = true },
        new("rollback-implicit-context", "$env:KUBE_CONTEXT = $null; Invoke-Rollback videokit-api -Namespace videokit -Kubeconfig $k -Executor Sandbox -Confirm:$false", true, "ContextRequired", ErrorCategory.InvalidOperation, null, "KUBE_CONTEXT") { Mutating = true },
        new("scale-implicit-context", "$env:KUBE_CONTEXT = $null; Set-WorkloadScale deployment videokit-api -Replicas 1 -Namespace videokit -Kubeconfig $k -Confirm:$false", true, "ContextRequired", ErrorCategory.InvalidOperation, null, "-Context") { Mutating = true },
        new("token-expired", "Get-ReleaseRevision videokit-api @conn", false, "AuthenticationFailed", ErrorCategory.AuthenticationError, "videokit-api", "Refresh the kubeconfig's credentials") { Needs = CaseNeeds.Sandbox, Scenario = Faults(401) },
        new("token-expired-rollback", Rollback, false, "AuthenticationFailed", ErrorCategory.AuthenticationError, "videokit-api", "Refresh the kubeconfig's credentials") { Mutating = true, Scenario = Faults(401) },
        new("token-forbidden", "Get-ReleaseStatus videokit-api @conn", false, "PermissionDenied", ErrorCategory.PermissionDenied, "videokit-api", "Grant a Role/ClusterRole that allows: list secrets") { Needs = CaseNeeds.Sandbox, Scenario = Faults(403) },
        new("cluster-unreachable", "Get-ReleaseRevision videokit-api -Namespace videokit -Context sandbox -Kubeconfig $k", false, "ClusterUnreachable", ErrorCategory.ConnectionError, "videokit-api", "Check the context's server address"),

        // ---- Release names and revisions: per release, non-terminating, nothing written. ----
        new("release-unknown", "Get-ReleaseRevision videokit-apx @conn", false, "ReleaseNotFound", NotFound, "videokit-apx", "-AllNamespaces") { Needs = CaseNeeds.Sandbox },
        new("revision-unknown", "Get-ReleaseRevision videokit-api -Revision 99 @conn", false, "RevisionNotFound", NotFound, "videokit-api:99", "1..42") { Needs = CaseNeeds.Sandbox },
        new("plan-release-unknown", "Get-RollbackPlan videokit-apx @conn -Executor Sandbox", false, "ReleaseNotFound", NotFound, "videokit-apx", "-AllNamespaces") { Needs = CaseNeeds.Sandbox },
        new("rollback-release-unknown", "Invoke-Rollback videokit-apx @conn -Executor Sandbox -Confirm:$false", false, "ReleaseNotFound", NotFound, "videokit-apx", "-AllNamespaces") { Mutating = true },
        new("rollback-revision-unknown", Rollback + " -Revision 99", false, "RevisionNotFound", NotFound, "videokit-api", "Get-ReleaseRevision videokit-api") { Mutating = true, TargetProperty = "Name" },
        new("rollback-revision-zero", Rollback + " -Revision 0", true, Binder, BadData, null, "greater than or equal to 1") { Mutating = true },
        new("rollback-revision-current", Rollback + " -Revision 42", false, "RollbackSkipped", BadArg, "videokit-api", "earlier -Revision") { Mutating = true, TargetProperty = "Name" },
        new("rollback-single-revision", "Invoke-Rollback solo @conn -Executor Sandbox -Confirm:$false", false, "RollbackSkipped", ErrorCategory.InvalidOperation, "solo", "-Revision")
        { Mutating = true, TargetProperty = "Name", Scenario = SoloRelease },
        new("wait-release-unknown", "Wait-ReleaseReady videokit-apx @conn -Timeout 00:00:05", false, "ReleaseHasNoWorkloads", NotFound, "videokit-apx", "Get-ReleaseStatus") { Needs = CaseNeeds.Sandbox },
        new("undo-workload-unknown", "Undo-WorkloadRollout videokit-apx @conn -Confirm:$false", false, "ResourceNotFound", NotFound, "deployment.apps/videokit-apx in namespace videokit", "kubectl get") { Mutating = true },
        new("undo-revision-unknown", "Undo-WorkloadRollout videokit-api -ToRevision 999 @conn -Confirm:$false", false, "RolloutUndoRefused", NotFound, "deployment.apps/videokit-api in namespace videokit", "kubectl rollout history") { Mutating = true },
        new("scale-workload-unknown", "Set-WorkloadScale deployment videokit-apx -Replicas 1 @conn -Confirm:$false", false, "ResourceNotFound", NotFound, "deployment.apps/videokit-apx in namespace videokit", "kubectl get") { Mutating = true },
        new("scale-precondition", "Set-WorkloadScale deployment videokit-api -Replicas 1 -ExpectedReplicas 5 @conn -Confirm:$false", false, "ScalePreconditionFailed", ErrorCategory.InvalidOperation, "deployment.apps/videokit-api in namespace videokit", "-ExpectedReplicas") { Mutating = true },
        new("scale-negative", "Set-WorkloadScale deployment videokit-api -Replicas -1 @conn -Confirm:$false", true, Binder, BadData, null, "greater than or equal to 0") { Mutating = true },

        // ---- Timeouts: zero and negative are refused before anything is sent. ----
        new("rollback-timeout-zero", Rollback + " -Timeout 0", true, Binder, BadData, null, "positive duration") { Mutating = true },
        new("rollback-timeout-negative", Rollback + " -Timeout -00:00:05", true, Binder, BadData, null, "positive duration") { Mutating = true },
        new("wait-timeout-zero", "Wait-ReleaseReady videokit-api @conn -Timeout 0", true, Binder, BadData, null, "positive duration") { Needs = CaseNeeds.Sandbox },
        new("scale-timeout-negative", "Set-WorkloadScale deployment videokit-api -Replicas 2 @conn -Timeout -00:00:01 -Confirm:$false", true, Binder, BadData, null, "positive duration") { Mutating = true },
        new("undo-timeout-zero", "Undo-WorkloadRollout videokit-api @conn -Timeout 0 -Confirm:$false", true, Binder, BadData, null, "positive duration") { Mutating = true },
        new("measure-timeout-zero", "Measure-RecoveryTime -Url \"$dead/readyz\" -Timeout 0", true, "InvalidArgument", BadArg, null, "must be positive"),
        new("measure-interval-negative", "Measure-RecoveryTime -Url \"$dead/readyz\" -Interval -00:00:01 -Timeout 00:00:02", true, "InvalidArgument", BadArg, null, "must be positive"),

        // ---- Corrupted Helm records (planted in the sandbox's storage). ----
        new("helm-record-not-base64", "Get-ReleaseRevision videokit-api -Last 1 @conn", false, "ReleaseRecordCorrupt", BadData, "Secret videokit/sh.helm.release.v1.videokit-api.v43", "inspect or delete this record")
        { Needs = CaseNeeds.Sandbox, Plant = [HelmSecret("videokit-api", 43, "%%% not base64 %%%", encode: false)] },
        new("helm-record-gzip-damaged", "Get-ReleaseStatus videokit-api @conn", false, "ReleaseRecordCorrupt", BadData, "Secret videokit/sh.helm.release.v1.videokit-api.v43", "inspect or delete this record")
        { Needs = CaseNeeds.Sandbox, Plant = [HelmSecret("videokit-api", 43, Convert.ToBase64String([0x1f, 0x8b, 8, 0, 1, 2, 3]), encode: false)] },
        new("rollback-current-record-corrupt", Rollback, false, "ReleaseRecordCorrupt", BadData, "videokit-api", "kubectl get secrets,configmaps")
        { Mutating = true, Plant = [HelmSecret("videokit-api", 43, Gzip("{\"name\": \"videokit-api\", \"version\": 43, \"info\": "), encode: false)] },
        new("helm2-release", "Get-ReleaseRevision legacy -StorageDriver ConfigMap @conn", false, "Helm2ReleaseNotSupported", BadData, "ConfigMap videokit/sh.helm.release.v1.legacy.v1", "helm 2to3")
        { Needs = CaseNeeds.Sandbox, Plant = [Helm2ConfigMap("legacy")] },

        // ---- helm itself. ----
        new("helm-missing", "Invoke-Rollback videokit-api @conn -HelmPath (Join-Path $tmp 'no-helm') -Confirm:$false", true, "HelmNotFound", NotFound, "{tmp}/no-helm", "-HelmPath with the path of a Helm 3 or Helm 4") { Mutating = true },
        new("helm-major-2", "Invoke-Rollback videokit-api @conn -HelmPath $helm -Confirm:$false", true, "HelmVersionUnsupported", ErrorCategory.InvalidOperation, "$helm", "Helm 3")
        { Mutating = true, Needs = CaseNeeds.HelmStandIn, Environment = new Dictionary<string, string> { ["HELM_STANDIN_MAJOR"] = "2" } },
        new("helm-not-helm", "Invoke-Rollback videokit-api @conn -HelmPath (Join-Path $tmp 'helm') -Confirm:$false", true, "HelmVersionUnsupported", ErrorCategory.InvalidOperation, "{tmp}/helm", "-HelmPath")
        { Mutating = true, Files = new Dictionary<string, string> { ["helm"] = "#!/bin/sh\necho 'this is not helm'\n" } },

        // ---- Probes. ----
        // Unreachable or unresolvable endpoints are what an outage looks like: by design the measurement ends NotRecovered with
        // a warning naming the cause (ProbeFaulted is for definitions that can never pass, such as invalid PromQL).
        new("probe-unreachable", "Measure-RecoveryTime -Url \"$dead/readyz\" -Interval 00:00:00.2 -Timeout 00:00:01.5", false, string.Empty, ErrorCategory.NotSpecified, null, "connection refused") { ResultOutcome = "NotRecovered" },
        new("probe-dns-failure", "Measure-RecoveryTime -Url 'http://rbd-no-such-host.invalid/readyz' -Interval 00:00:00.2 -Timeout 00:00:01.5", false, string.Empty, ErrorCategory.NotSpecified, null, "DNS failure") { ResultOutcome = "NotRecovered" },
        new("probe-bad-scheme", "New-RecoveryProbe -Url 'ftp://example.com/readyz'", false, "InvalidProbe", BadArg, null, "absolute http:// or https:// URL"),
        new("probe-tcp-no-port", "New-RecoveryProbe -TcpAddress 'postgres.videokit'", false, "InvalidProbe", BadArg, "postgres.videokit", "host:port"),
        new("promql-invalid", "Measure-RecoveryTime -PrometheusUrl $prom -Query 'sum(rate(http_requests_total[5m]' -Threshold 1 -Interval 00:00:00.2 -Timeout 00:00:02", false, "ProbeFaulted", BadArg, null, "Fix the probe definition") { Needs = CaseNeeds.Prometheus },
        new("baseline-promql-invalid", "Get-RecoveryBaseline -PrometheusUrl $prom -Query 'up{'", false, "BaselineCaptureFailed", BadArg, "up{", "Fix the PromQL in -Query") { Needs = CaseNeeds.Prometheus },
        new("baseline-prometheus-unreachable", "Get-RecoveryBaseline -PrometheusUrl $dead -Query 'up'", false, "BaselineCaptureFailed", ErrorCategory.ConnectionError, "up", "-PrometheusUrl"),

        // ---- Reports. ----
        new("report-path-unwritable", "New-DrillReport -Title t | Export-DrillReport -Path (Join-Path $tmp 'file.txt/report.md')", false, "ReportPathNotWritable", ErrorCategory.PermissionDenied, "{tmp}/file.txt/report.md", "Choose a -Path in an existing directory")
        { Files = new Dictionary<string, string> { ["file.txt"] = "a file, not a directory" } },
        new("report-format-from-path", "New-DrillReport -Title t | Export-DrillReport -Path (Join-Path $tmp 'report.docx')", false, "ReportFormatUnknown", BadArg, "{tmp}/report.docx", "-Format"),
        new("report-format-unknown", "New-DrillReport -Title t | Export-DrillReport -Path (Join-Path $tmp 'report.md') -Format Word", true, "CannotConvertArgumentNoMessage", BadArg, null, "Markdown, Json, JUnit, Html"),
        new("report-file-exists", "New-DrillReport -Title t | Export-DrillReport -Path (Join-Path $tmp 'report.md')", false, "ReportFileExists", ErrorCategory.ResourceExists, "{tmp}/report.md", "-Force")
        { Files = new Dictionary<string, string> { ["report.md"] = "old report" } },
        new("report-input-number", "42 | New-DrillReport -Title t", false, "ReportInputNotRecognized", BadArg, "42", "-Observation"),
        new("report-input-hashtable", "@{ Name = 'x' } | New-DrillReport -Title t", false, "ReportInputNotRecognized", BadArg, "System.Collections.Hashtable", "-Observation"),
        new("report-input-string", "'videokit-api rolled back' | New-DrillReport -Title t", false, "ReportInputNotRecognized", BadArg, "videokit-api rolled back", "-Observation"),

        // ---- Sandbox. ----
        new("sandbox-scenario-invalid", "Start-DrillSandbox (Join-Path $tmp 'bad.yaml') -Name rbd-bad-scenario", false, "SandboxScenarioInvalid", BadData, "{tmp}/bad.yaml", "'replicas' must be an integer")
        { Files = new Dictionary<string, string> { ["bad.yaml"] = "apiVersion: sandbox.rollbackdrill.io/v1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n  releases:\n    - name: x\n      replicas: many\n" } },
        new("sandbox-scenario-missing", "Start-DrillSandbox (Join-Path $tmp 'absent.yaml') -Name rbd-bad-scenario", false, "SandboxScenarioInvalid", NotFound, "{tmp}/absent.yaml", "examples/sandbox/videokit.yaml"),
        new("sandbox-unknown", "Stop-DrillSandbox rbd-no-such-sandbox", false, "SandboxNotFound", NotFound, "rbd-no-such-sandbox", "Get-DrillSandbox"),
    ];

    /// <summary>Adds a release with a single revision: Helm has nothing to roll back to.</summary>
    private static string SoloRelease(string text) => text.Replace("  releases:\n", """
          releases:
            - name: solo
              namespace: videokit
              chart: {name: solo, version: 0.1.0, appVersion: 1.0.0}
              image: registry.example.com/videokit/solo
              replicas: 1
              revisions: {count: 1}

        """, StringComparison.Ordinal);

    private static BadInputCase Drill(string name, string? content, string id, ErrorCategory category, string advice) => new(
        name, "Test-DrillFile (Join-Path $tmp 'case.drill.yaml')", false, id, category, null, advice)
    {
        Files = content is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["case.drill.yaml"] = content },
        TargetProperty = "Field",
        MoreErrorsAllowed = true,
    };

    /// <summary>Every API request of the sandbox answers <paramref name="status"/> (what an expired token or missing RBAC gets).</summary>
    private static Func<string, string> Faults(int status) =>
        text => text + $"  faults:\n    - {{type: error, status: {status}, path: /api}}\n";

    /// <summary>A Helm storage Secret (sh.helm.release.v1.NAME.vREV) whose release text is <paramref name="release"/>.</summary>
    private static (string, string) HelmSecret(string release, int revision, string payload, bool encode)
    {
        var text = encode ? Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)) : payload;
        // Raw REST shows Secret data base64-encoded once more (Helm storage: data.release = base64(gzip(json))).
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return ("/api/v1/namespaces/videokit/secrets", $$"""
            {"apiVersion":"v1","kind":"Secret","type":"helm.sh/release.v1",
             "metadata":{"name":"sh.helm.release.v1.{{release}}.v{{revision}}","namespace":"videokit",
               "labels":{"name":"{{release}}","owner":"helm","status":"deployed","version":"{{revision}}"} },
             "data":{"release":"{{data}}"} }
            """);
    }

    /// <summary>A ConfigMap in Helm's storage layout holding a Helm 2 (Tiller) protobuf release, gzipped and base64'd.</summary>
    private static (string, string) Helm2ConfigMap(string release)
    {
        var name = Encoding.ASCII.GetBytes(release);
        byte[] protobuf = [0x0a, (byte)name.Length, .. name, 0x12, 0x02, 0x08, 0x01];
        return ("/api/v1/namespaces/videokit/configmaps", $$"""
            {"apiVersion":"v1","kind":"ConfigMap",
             "metadata":{"name":"sh.helm.release.v1.{{release}}.v1","namespace":"videokit",
               "labels":{"name":"{{release}}","owner":"helm","status":"deployed","version":"1"} },
             "data":{"release":"{{Convert.ToBase64String(GzipBytes(protobuf))}}"} }
            """);
    }

    private static string Gzip(string text) => Convert.ToBase64String(GzipBytes(Encoding.UTF8.GetBytes(text)));

    private static byte[] GzipBytes(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
