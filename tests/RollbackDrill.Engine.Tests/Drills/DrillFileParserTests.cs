using RollbackDrill.Engine.Drills;
using Xunit;

namespace RollbackDrill.Engine.Tests.Drills;

public sealed class DrillFileParserTests
{
    private const string Valid = """
        apiVersion: rollbackdrill/v1
        kind: Drill
        metadata:
          name: minimal
        spec:
          environment: staging
          context: kind-sandbox
          namespace: videokit
          objectives:
            - tier: full
              recoveryTime: 10m
          groups:
            - name: g1
              releases:
                - name: videokit-api
                  revision: 41
                  tier: full
                - videokit-worker
          probes:
            - name: ready
              http:
                url: http://localhost:8080/readyz
          stopConditions:
            - probe: ready
          reports:
            - format: markdown
              path: out.md
        """;

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }

    private static DrillFileException Invalid(string yaml) =>
        Assert.Throws<DrillFileException>(() => DrillFileParser.Parse(yaml, "bad.drill.yaml"));

    private static DrillFileError Single(string yaml)
    {
        var error = Assert.Single(Invalid(yaml).Errors);
        Assert.Equal("bad.drill.yaml", error.Path);
        return error;
    }

    private static string Replace(string from, string to)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        return Valid.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimalDrillParses()
    {
        var drill = DrillFileParser.Parse(Valid, "/drills/minimal.drill.yaml");

        Assert.Equal("minimal", drill.Name);
        Assert.Equal("kind-sandbox", drill.Context);
        Assert.Equal("videokit", drill.Namespace);
        Assert.Equal(TimeSpan.FromMinutes(5), drill.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), Assert.Single(drill.Objectives).RecoveryTime);
        var group = Assert.Single(drill.Groups);
        Assert.Equal(2, group.Releases.Count);
        Assert.Equal(41, group.Releases[0].Revision);
        Assert.Equal("full", group.Releases[0].Tier);
        Assert.Equal("videokit-worker", group.Releases[1].Name);
        Assert.Equal("videokit", group.Releases[1].Namespace);
        Assert.Null(group.Releases[1].Revision);
        Assert.Equal(DrillProbeKind.Http, Assert.Single(drill.Probes).Kind);
        Assert.Equal(TimeSpan.Zero, Assert.Single(drill.StopConditions).FailingFor);
        Assert.Equal(DrillReportFormat.Markdown, Assert.Single(drill.Reports).Format);
        Assert.Equal("/drills/minimal.drill.yaml", drill.SourcePath);
    }

    [Fact]
    public void VideokitExampleParses()
    {
        var drill = DrillFileParser.ParseFile(RepoFile("examples/drills/videokit.drill.yaml"));

        Assert.Equal("prod-eu-west-1", drill.Environment);
        Assert.Equal("prod-eu-west-1-admin", drill.Context);
        Assert.Equal(TimeSpan.FromMinutes(10), drill.Timeout);
        Assert.Equal(["videokit-api", "videokit-worker"], Assert.Single(drill.Groups).Releases.Select(r => r.Name));
        Assert.Equal(2, drill.Probes.Count);
        Assert.Equal(TimeSpan.FromMinutes(8), drill.StopConditions[0].FailingFor);
        Assert.Equal(
            [DrillReportFormat.Markdown, DrillReportFormat.Json, DrillReportFormat.JUnit, DrillReportFormat.Html],
            drill.Reports.Select(r => r.Format));
        Assert.True(drill.Baseline!.Capture);
    }

    [Fact]
    public void EmbeddingsExampleParses()
    {
        var drill = DrillFileParser.ParseFile(RepoFile("examples/drills/embeddings.drill.yaml"));

        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)], drill.Objectives.Select(o => o.RecoveryTime));
        Assert.Equal(["canary", "full"], drill.Groups.Select(g => g.Name));
        Assert.Equal(4, drill.Steps.Count);
        var vllm = drill.Steps[0];
        Assert.Equal(DrillStepKind.Scale, vllm.Kind);
        Assert.Equal(DrillStepPhase.BeforeRollback, vllm.Phase);
        Assert.Equal("deployment/vllm-embeddings", vllm.Workload);
        Assert.Equal(0, vllm.Replicas);
        Assert.Equal(TimeSpan.FromSeconds(90), vllm.Timeout);
        Assert.Equal(3, drill.Steps[2].Replicas);
        var smoke = drill.Steps[3];
        Assert.Equal(DrillStepKind.Run, smoke.Kind);
        Assert.Equal(DrillStepPhase.AfterReadiness, smoke.Phase);
        Assert.Equal(["python", "-m", "pytest", "tests/gateway/test_gateway_embedding.py::test_embed_success"], smoke.Command);
        Assert.Equal("embeddings", drill.Probes[1].AlertMatchers["namespace"]);
        Assert.False(drill.Baseline!.Capture);
    }

    [Fact]
    public void OtherStepAndProbeKindsParse()
    {
        var yaml = Valid + """

              steps:
                - name: undo
                  undoRollout:
                    workload: deployment/videokit-api
                    toRevision: 3
                - pause:
                    duration: 1m30s
              baseline:
                duration: 2m
            """;
        yaml = yaml.Replace(
            "      http:\n        url: http://localhost:8080/readyz\n",
            "      tcp:\n        address: redis.videokit.svc:6379\n    - name: latency\n      prometheus:\n        url: http://prometheus:9090\n"
            + "        query: histogram_quantile(0.99, rate(x[1m]))\n        comparison: LessThanOrEqual\n        threshold: 0.5\n",
            StringComparison.Ordinal);
        var drill = DrillFileParser.Parse(yaml, "x.yaml");

        Assert.Equal(DrillStepKind.UndoRollout, drill.Steps[0].Kind);
        Assert.Equal(3, drill.Steps[0].ToRevision);
        Assert.Equal(TimeSpan.FromSeconds(90), drill.Steps[1].Duration);
        Assert.Equal("step-2", drill.Steps[1].Name);
        Assert.Equal("redis.videokit.svc:6379", drill.Probes[0].Address);
        Assert.Equal(0.5, drill.Probes[1].Threshold);
        Assert.Equal(TimeSpan.FromMinutes(2), drill.Baseline!.Duration);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5m", 90)]
    [InlineData("500ms", 0.5)]
    [InlineData("0", 0)]
    public void GoDurationsParse(string text, double seconds)
    {
        Assert.True(DrillDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("5 minutes")]
    [InlineData("m")]
    [InlineData("-5m")]
    [InlineData("")]
    public void BadDurationsAreRejected(string text) => Assert.False(DrillDuration.TryParse(text, out _));

    // ---- invalid files: each names line, column and field ----

    [Fact]
    public void YamlSyntaxErrorHasItsPosition()
    {
        var error = Single("apiVersion: rollbackdrill/v1\nkind: Drill: x\n");
        Assert.Equal(2, error.Line);
        Assert.Contains("Not valid YAML", error.Message, StringComparison.Ordinal);

        // An unterminated flow sequence: YamlDotNet gives no position, still one listed error rather than a crash.
        Assert.Contains("Not valid YAML", Single("kind: [Drill\nspec: {}\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedApiVersion()
    {
        var error = Single(Replace("rollbackdrill/v1", "rollbackdrill/v2"));
        Assert.Equal(("apiVersion", 1, 13), (error.Field, error.Line, error.Column));
        Assert.Contains("rollbackdrill/v2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingApiVersion()
    {
        var error = Single(Replace("apiVersion: rollbackdrill/v1\n", string.Empty));
        Assert.Equal("apiVersion", error.Field);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongKind()
    {
        var error = Single(Replace("kind: Drill", "kind: Deployment"));
        Assert.Equal(("kind", 2, 7), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void UnknownFieldIsATypo()
    {
        var error = Single(Replace("  namespace: videokit", "  namepsace: videokit\n  namespace: videokit"));
        Assert.Equal(("spec.namepsace", 8, 3), (error.Field, error.Line, error.Column));
        Assert.Contains("Unknown field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingContextIsAnError()
    {
        var error = Single(Replace("  context: kind-sandbox\n", string.Empty));
        Assert.Equal("spec.context", error.Field);
    }

    [Fact]
    public void InvalidNamespace()
    {
        var error = Single(Replace("namespace: videokit", "namespace: VideoKit_Prod"));
        Assert.Equal(("spec.namespace", 8, 14), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void BadRecoveryTime()
    {
        var error = Single(Replace("recoveryTime: 10m", "recoveryTime: ten minutes"));
        Assert.Equal(("spec.objectives[0].recoveryTime", 11, 21), (error.Field, error.Line, error.Column));
        Assert.Contains("Go syntax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateTier()
    {
        var error = Single(Replace("      recoveryTime: 10m\n", "      recoveryTime: 10m\n    - tier: full\n      recoveryTime: 5m\n"));
        Assert.Equal(("spec.objectives[1].tier", 12, 13), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void EmptyGroups()
    {
        var yaml = Valid[..Valid.IndexOf("  groups:", StringComparison.Ordinal)] + "  groups: []\n";
        var error = Single(yaml);
        Assert.Equal("spec.groups", error.Field);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidReleaseName()
    {
        var error = Single(Replace("- name: videokit-api", "- name: VideoKit_API"));
        Assert.Equal(("spec.groups[0].releases[0].name", 15, 17), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void ReleaseListedTwice()
    {
        var error = Single(Replace("- videokit-worker", "- videokit-api"));
        Assert.Equal("spec.groups[0].releases[1]", error.Field);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RevisionMustBePositive()
    {
        var error = Single(Replace("revision: 41", "revision: 0"));
        Assert.Equal(("spec.groups[0].releases[0].revision", 16, 21), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void RevisionMustBeANumber()
    {
        var error = Single(Replace("revision: 41", "revision: previous"));
        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTier()
    {
        var error = Single(Replace("          tier: full", "          tier: canary"));
        Assert.Equal("spec.groups[0].releases[0].tier", error.Field);
    }

    [Fact]
    public void StepWithTwoActions()
    {
        var error = Single(Valid + "\n  steps:\n    - pause: {duration: 1s}\n      scale: {workload: deployment/x, replicas: 1}\n");
        Assert.Equal(("spec.steps[0]", 29, 7), (error.Field, error.Line, error.Column));
        Assert.Contains("exactly one action", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeReplicas()
    {
        var error = Single(Valid + "\n  steps:\n    - scale: {workload: deployment/vllm, replicas: -1}\n");
        Assert.Equal("spec.steps[0].scale.replicas", error.Field);
    }

    [Fact]
    public void CommandMustBeAnArgvList()
    {
        var error = Single(Valid + "\n  steps:\n    - run:\n        command: pytest tests/ -k smoke\n");
        Assert.Equal(("spec.steps[0].run.command", 30, 18), (error.Field, error.Line, error.Column));
        Assert.Contains("argv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndoRolloutOnlyForDeployments()
    {
        var error = Single(Valid + "\n  steps:\n    - undoRollout: {workload: statefulset/db}\n");
        Assert.Equal("spec.steps[0].undoRollout.workload", error.Field);
    }

    [Fact]
    public void PauseNeedsDuration()
    {
        var error = Single(Valid + "\n  steps:\n    - pause: {}\n");
        Assert.Equal("spec.steps[0].pause.duration", error.Field);
    }

    [Fact]
    public void UnknownStepPhase()
    {
        var error = Single(Valid + "\n  steps:\n    - phase: whenever\n      pause: {duration: 1s}\n");
        Assert.Equal("spec.steps[0].phase", error.Field);
        Assert.Contains("beforeRollback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeUrlMustBeAbsoluteHttp()
    {
        var error = Single(Replace("http://localhost:8080/readyz", "localhost/readyz"));
        Assert.Equal(("spec.probes[0].http.url", 22, 14), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void ProbeUrlMustNotCarryCredentials()
    {
        var error = Single(Replace("http://localhost:8080/readyz", "http://admin:hunter2@localhost:8080/readyz"));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TcpProbeNeedsAPort()
    {
        var error = Single(Replace("http:\n        url: http://localhost:8080/readyz", "tcp:\n        address: redis"));
        Assert.Equal("spec.probes[0].tcp.address", error.Field);
    }

    [Fact]
    public void KubernetesProbeParsesWithTheDrillNamespaceAsDefault()
    {
        var drill = DrillFileParser.Parse(Replace("http:\n        url: http://localhost:8080/readyz", "kubernetes: {release: videokit-api}"), "k.drill.yaml");
        var probe = Assert.Single(drill.Probes);
        Assert.Equal((DrillProbeKind.Kubernetes, "videokit-api", (string?)null), (probe.Kind, probe.Release, probe.Namespace));
        var other = DrillFileParser.Parse(Replace("http:\n        url: http://localhost:8080/readyz", "kubernetes:\n        release: videokit-api\n        namespace: media"), "k.drill.yaml");
        Assert.Equal("media", Assert.Single(other.Probes).Namespace);
    }

    [Fact]
    public void KubernetesProbeErrorsPointAtTheField()
    {
        var missing = Single(Replace("http:\n        url: http://localhost:8080/readyz", "kubernetes: {namespace: videokit}"));
        Assert.Equal("spec.probes[0].kubernetes.release", missing.Field);
        var bad = Single(Replace("http:\n        url: http://localhost:8080/readyz", "kubernetes:\n        release: Videokit_API"));
        Assert.Equal(("spec.probes[0].kubernetes.release", 22, 18), (bad.Field, bad.Line, bad.Column));
        var ns = Single(Replace("http:\n        url: http://localhost:8080/readyz", "kubernetes:\n        release: api\n        namespace: Bad_NS"));
        Assert.Equal(("spec.probes[0].kubernetes.namespace", 23, 20), (ns.Field, ns.Line, ns.Column));
        var unknown = Single(Replace("http:\n        url: http://localhost:8080/readyz", "kubernetes: {release: api, kind: Deployment}"));
        Assert.Contains("kind", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateProbeName()
    {
        var error = Single(Replace("  stopConditions:", "    - name: ready\n      tcp: {address: 'db:5432'}\n  stopConditions:"));
        Assert.Equal("spec.probes[1].name", error.Field);
    }

    [Fact]
    public void StopConditionNamesAnUnknownProbe()
    {
        var error = Single(Replace("- probe: ready", "- probe: readyz"));
        Assert.Equal(("spec.stopConditions[0].probe", 24, 14), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void UnknownReportFormat()
    {
        var error = Single(Replace("format: markdown", "format: pdf"));
        Assert.Equal(("spec.reports[0].format", 26, 15), (error.Field, error.Line, error.Column));
        Assert.Contains("junit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScalarWhereAMappingBelongs()
    {
        var error = Single(Replace("metadata:\n  name: minimal", "metadata: minimal"));
        Assert.Equal("metadata", error.Field);
        Assert.Contains("mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FiveMistakesAreAllReportedWithLines()
    {
        var yaml = Valid
            .Replace("kind: Drill", "kind: Dril", StringComparison.Ordinal)
            .Replace("namespace: videokit", "namespace: Video_Kit", StringComparison.Ordinal)
            .Replace("recoveryTime: 10m", "recoveryTime: soon", StringComparison.Ordinal)
            .Replace("revision: 41", "revision: -2", StringComparison.Ordinal)
            .Replace("format: markdown", "format: word", StringComparison.Ordinal);

        var error = Invalid(yaml);

        Assert.Equal(
            [("kind", 2), ("spec.namespace", 8), ("spec.objectives[0].recoveryTime", 11), ("spec.groups[0].releases[0].revision", 16), ("spec.reports[0].format", 26)],
            error.Errors.Select(e => (e.Field, e.Line)));
        Assert.Contains("5 error(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad.drill.yaml:16:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableFileIsADrillFileException()
    {
        var error = Assert.Throws<DrillFileException>(() => DrillFileParser.ParseFile("/nonexistent/x.drill.yaml"));
        Assert.Contains("Cannot read", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }
}
