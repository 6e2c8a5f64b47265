using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class ReportRedactorTests
{
    private const string Secret = "hunter2-SECRET-d41d8cd9";

    [Theory]
    [InlineData(new[] { "helm", "upgrade", "x", "--set", "db.password=" + Secret + ",replicas=3" }, "helm upgrade x --set 'db.password=***,replicas=3'")]
    [InlineData(new[] { "helm", "upgrade", "x", "--set-string=apiKey=" + Secret }, "helm upgrade x '--set-string=apiKey=***'")]
    [InlineData(new[] { "kubectl", "get", "pods", "--token", Secret }, "kubectl get pods --token '***'")]
    [InlineData(new[] { "kubectl", "get", "pods", "--token=" + Secret }, "kubectl get pods '--token=***'")]
    [InlineData(new[] { "curl", "-H", "Authorization: Bearer " + Secret, "https://x/readyz" }, "curl -H 'Authorization: Bearer ***' https://x/readyz")]
    [InlineData(new[] { "curl", "https://admin:" + Secret + "@grafana.local/api" }, "curl 'https://***@grafana.local/api'")]
    [InlineData(new[] { "env", "DB_PASSWORD=" + Secret, "run" }, "env 'DB_PASSWORD=***' run")]
    public void MasksSecretsInArgv(string[] argv, string expected)
    {
        Assert.Equal(expected, CommandLine.Format(ReportRedactor.Argv(argv)));
    }

    [Theory]
    [InlineData("token: " + Secret, "token: ***")]
    [InlineData("GRAFANA_API_KEY=" + Secret + " used", "GRAFANA_API_KEY=*** used")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij", "jwt ***")]
    [InlineData("rolled back to revision 41 in 4m12s", "rolled back to revision 41 in 4m12s")]
    [InlineData("Grafana token " + Secret + " was rotated", "Grafana token *** was rotated")]
    [InlineData("the token was rotated after 30 minutes", "the token was rotated after 30 minutes")]
    public void MasksSecretsInText(string text, string expected) => Assert.Equal(expected, ReportRedactor.Text(text));

    [Theory]
    [InlineData(ReportFormat.Markdown)]
    [InlineData(ReportFormat.Json)]
    [InlineData(ReportFormat.JUnit)]
    [InlineData(ReportFormat.Html)]
    public void NoFormatEverContainsAPlantedSecret(ReportFormat format)
    {
        var r = ReportSamples.Videokit();
        r.Steps.Add(new ReportStep { Name = "upgrade", Command = ["helm", "upgrade", "videokit-api", "--set", "auth.clientSecret=" + Secret, "--password", Secret] });
        r.Observations.Add("The admin password=" + Secret + " was rotated");
        r.Transcript.Add(new ReportTranscriptEntry { Text = "Authorization: Bearer " + Secret });
        r.Probes.Add(new ReportProbe { Name = "grafana", Target = "https://u:" + Secret + "@grafana/api/health", Healthy = true });
        var text = ReportRenderer.Render(r, format);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
        // The caller's object is untouched: rendering works on a redacted copy.
        Assert.Contains(Secret, r.Observations[^1], StringComparison.Ordinal);
    }
}
