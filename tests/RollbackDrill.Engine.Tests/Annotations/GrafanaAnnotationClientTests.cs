using System.Text.Json;
using RollbackDrill.Engine.Annotations;
using RollbackDrill.Engine.Tests.Recovery;

namespace RollbackDrill.Engine.Tests.Annotations;

public sealed class GrafanaAnnotationClientTests
{
    private const string Token = "glsa_PLANTED-token-4b7c-never-print";
    private const string Variable = "RBD_TEST_GRAFANA_TOKEN";
    private static readonly DateTimeOffset Start = new(2024, 11, 18, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task StartThenEndMarksTheDrillWindowAsARegion()
    {
        using var grafana = new FakeGrafana();
        using var client = Client(grafana.Url, o => o with { Tags = ["rollback-drill", "videokit"], DashboardUid = "rto-prod", PanelId = 4 });

        var started = await client.StartAsync(Start, "Rollback drill videokit: started");
        var ended = await client.EndAsync(started.Id!.Value, Start.AddMinutes(4).AddSeconds(55), "Rollback drill videokit: PASSED in 4m 55s");

        Assert.True(started.Succeeded, started.Warning);
        Assert.Equal(18, started.Id);
        Assert.True(ended.Succeeded, ended.Warning);
        Assert.Equal(18, ended.Id);
        var requests = grafana.Requests.ToArray();
        Assert.Equal(2, requests.Length);

        Assert.Equal("POST", requests[0].Method);
        Assert.Equal("/api/annotations", requests[0].Path);
        Assert.Equal("Bearer " + Token, requests[0].Authorization);
        using (var post = JsonDocument.Parse(requests[0].Body))
        {
            var b = post.RootElement;
            Assert.Equal(Start.ToUnixTimeMilliseconds(), b.GetProperty("time").GetInt64());
            Assert.Equal(Start.ToUnixTimeMilliseconds(), b.GetProperty("timeEnd").GetInt64());
            Assert.Equal(["rollback-drill", "videokit"], b.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
            Assert.Equal("Rollback drill videokit: started", b.GetProperty("text").GetString());
            Assert.Equal("rto-prod", b.GetProperty("dashboardUID").GetString());
            Assert.Equal(4, b.GetProperty("panelId").GetInt32());
        }

        Assert.Equal("PATCH", requests[1].Method);
        Assert.Equal("/api/annotations/18", requests[1].Path);
        Assert.Equal("Bearer " + Token, requests[1].Authorization);
        using (var patch = JsonDocument.Parse(requests[1].Body))
        {
            var b = patch.RootElement;
            Assert.Equal(1_731_920_695_000, b.GetProperty("timeEnd").GetInt64());
            Assert.Equal("Rollback drill videokit: PASSED in 4m 55s", b.GetProperty("text").GetString());
            Assert.False(b.TryGetProperty("time", out _));
            Assert.False(b.TryGetProperty("tags", out _));
        }
    }

    [Fact]
    public async Task ARegionInOneCallUnderAPathPrefixWithoutDashboardIsOrganisationWide()
    {
        using var grafana = new FakeGrafana();
        using var client = Client(new Uri(grafana.Url, "grafana"));

        var result = await client.AddRegionAsync(Start, Start.AddMinutes(13).AddSeconds(20), "Full rollback simulation");

        Assert.True(result.Succeeded, result.Warning);
        var request = Assert.Single(grafana.Requests);
        Assert.Equal("/grafana/api/annotations", request.Path);
        using var doc = JsonDocument.Parse(request.Body);
        Assert.Equal(800_000, doc.RootElement.GetProperty("timeEnd").GetInt64() - doc.RootElement.GetProperty("time").GetInt64());
        Assert.Equal(["rollback-drill"], doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.False(doc.RootElement.TryGetProperty("dashboardUID", out _));
        Assert.False(doc.RootElement.TryGetProperty("panelId", out _));
    }

    [Fact]
    public async Task SecretsInTheTextAreMaskedBeforeTheyLeave()
    {
        using var grafana = new FakeGrafana();
        using var client = Client(grafana.Url);

        await client.StartAsync(Start, "drill with --password hunter2-secret-99 and token=abc123secret456");

        var body = Assert.Single(grafana.Requests).Body;
        Assert.DoesNotContain("hunter2-secret-99", body, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123secret456", body, StringComparison.Ordinal);
        Assert.Contains("token=***", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "{\"message\":\"invalid API key\"}", "401 Unauthorized: the token in the environment variable 'RBD_TEST_GRAFANA_TOKEN' was not accepted")]
    [InlineData(403, "{\"message\":\"permissions\"}", "403 Forbidden: the token in 'RBD_TEST_GRAFANA_TOKEN' may not write annotations")]
    [InlineData(500, "{\"message\":\"db locked while handling Bearer " + Token + " for " + Token + "\"}", "500 InternalServerError: {\"message\":\"db locked while handling Bearer ***")]
    public async Task ErrorAnswersAreWarningsWithoutTheToken(int status, string body, string expected)
    {
        using var grafana = new FakeGrafana { Status = status, Body = body };
        using var client = Client(grafana.Url);

        var result = await client.StartAsync(Start, "drill");

        Assert.False(result.Succeeded);
        Assert.Null(result.Id);
        Assert.StartsWith($"Grafana annotation at {grafana.Url} failed: Grafana answered ", result.Warning, StringComparison.Ordinal);
        Assert.Contains(expected, result.Warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Warning, StringComparison.Ordinal);
        Assert.DoesNotContain("PLANTED", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableGrafanaIsAWarning()
    {
        using var client = Client(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        var result = await client.StartAsync(Start, "drill");

        Assert.False(result.Succeeded);
        Assert.Contains("could not reach Grafana", result.Warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowGrafanaIsAWarningAfterTheTimeoutAndCallerCancellationStillCancels()
    {
        using var grafana = new FakeGrafana { Delay = TimeSpan.FromSeconds(5) };
        using var client = Client(grafana.Url, o => o with { Timeout = TimeSpan.FromMilliseconds(300) });

        var result = await client.EndAsync(5, Start);

        Assert.Equal("Grafana annotation at " + grafana.Url + " failed: Grafana did not answer within 300ms.", result.Warning);

        using var patient = Client(grafana.Url, o => o with { Timeout = TimeSpan.FromMinutes(1) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.StartAsync(Start, "drill", cts.Token));
    }

    [Fact]
    public async Task AMissingTokenVariableIsAWarningAndNothingIsSent()
    {
        using var grafana = new FakeGrafana();
        using var client = new GrafanaAnnotationClient(new GrafanaAnnotationOptions { Url = grafana.Url, TokenVariable = Variable }, environment: _ => null);

        var result = await client.StartAsync(Start, "drill");

        Assert.Equal($"Grafana annotation at {grafana.Url} failed: the environment variable '{Variable}' that should hold the Grafana token is not set.", result.Warning);
        Assert.Empty(grafana.Requests);
    }

    [Fact]
    public async Task AnAnswerWithoutAnIdIsAWarning()
    {
        using var grafana = new FakeGrafana { Body = "<html>login</html>" };
        using var client = Client(grafana.Url);

        var result = await client.StartAsync(Start, "drill");

        Assert.Contains("Grafana answered 200 without an annotation id", result.Warning, StringComparison.Ordinal);
    }

    private static GrafanaAnnotationClient Client(Uri url, Func<GrafanaAnnotationOptions, GrafanaAnnotationOptions>? edit = null)
    {
        var options = new GrafanaAnnotationOptions { Url = url, TokenVariable = Variable };
        return new GrafanaAnnotationClient(edit?.Invoke(options) ?? options, environment: name => name == Variable ? Token : null);
    }
}
