using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using Xunit;

namespace RollbackDrill.Engine.Tests.Recovery;

/// <summary>The measurement service against real loopback servers whose recovery instant the test controls.</summary>
[Collection(TimingTests.Name)]
public sealed class MeasurementServiceTests : IDisposable
{
    private readonly HttpProbeClient http = new();

    private RecoveryMeasurementService Service() => new(new ProbeCheckFactory(http), TimeProvider.System);

    public void Dispose() => http.Dispose();

    private static RecoveryProbe HttpProbe(Uri url, string name = "api") => new() { Name = name, Kind = ProbeKind.Http, Url = url };

    [Fact]
    public async Task DefaultSettingsMeasureAKnownRecoveryInstantWithin100Milliseconds()
    {
        using var server = new FlipServer();
        var t0 = TimeProvider.System.GetUtcNow();
        var flip = Task.Run(async () =>
        {
            await Task.Delay(1300);
            server.Flip();
        });
        var m = await Service().MeasureAsync(
            new RecoveryRequest { Name = "api", Probes = [HttpProbe(server.Url)], Since = t0, Objective = TimeSpan.FromSeconds(10) },
            null,
            CancellationToken.None);
        await flip;

        var truth = server.FlippedAt!.Value;
        var error = (m.RecoveredAt!.Value - truth).Duration();
        Assert.Equal(RecoveryOutcome.Recovered, m.Outcome);
        Assert.True(m.Complete);
        Assert.True(error <= m.Resolution + TimeSpan.FromMilliseconds(2), $"error {error.TotalMilliseconds} ms > resolution {m.Resolution.TotalMilliseconds} ms");
        Assert.True(error <= TimeSpan.FromMilliseconds(100), $"error {error.TotalMilliseconds} ms");
        Assert.True(m.Resolution <= TimeSpan.FromMilliseconds(100), $"resolution {m.Resolution.TotalMilliseconds} ms");
        Assert.Equal(m.RecoveredAt - t0, m.RecoveryTime);
        Assert.True(m.Met);

        // Bounded request rate: one check in flight, every 100 ms → at most ~10 requests/s.
        Assert.InRange(m.RequestRate, 5, 11);
        var probe = Assert.Single(m.Probes);
        Assert.Equal(probe.Checks, m.Samples.Count);
        Assert.Equal(probe.Checks, server.Requests);
        Assert.Equal(3, m.Samples.Reverse().TakeWhile(s => s.Passed).Count());
        Assert.Equal("HTTP 503", m.Samples[0].Status);
    }

    [Fact]
    public async Task MetIsFalseWhenTheObjectiveIsShorterThanTheRecovery()
    {
        using var server = new FlipServer();
        _ = Task.Run(async () =>
        {
            await Task.Delay(800);
            server.Flip();
        });
        var m = await Service().MeasureAsync(
            new RecoveryRequest { Name = "api", Probes = [HttpProbe(server.Url)], Objective = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromSeconds(10) },
            null,
            CancellationToken.None);
        Assert.Equal(RecoveryOutcome.Recovered, m.Outcome);
        Assert.False(m.Met);
        Assert.InRange(m.RecoveryTime!.Value.TotalMilliseconds, 700, 1000);
    }

    [Fact]
    public async Task SeveralProbesEndAtTheLastToRecover()
    {
        using var fast = new FlipServer(startHealthy: true);
        using var slow = new FlipServer();
        _ = Task.Run(async () =>
        {
            await Task.Delay(700);
            slow.Flip();
        });
        var progress = new List<RecoveryProgress>();
        var m = await Service().MeasureAsync(
            new RecoveryRequest { Name = "videokit", Probes = [HttpProbe(fast.Url, "worker"), HttpProbe(slow.Url, "api")] },
            new SyncProgress(progress),
            CancellationToken.None);
        Assert.True(m.Met);
        var worker = m.Probes.Single(p => p.Name == "worker");
        var api = m.Probes.Single(p => p.Name == "api");
        Assert.True(worker.RecoveredAt < api.RecoveredAt);
        Assert.Equal(3, worker.Checks); // stops probing once recovered
        Assert.True((m.RecoveredAt!.Value - slow.FlippedAt!.Value).Duration() <= m.Resolution + TimeSpan.FromMilliseconds(2));
        lock (progress)
        {
            Assert.Equal(2, progress.Count(p => p.Completed));
            Assert.Contains(progress, p => p.Probe == "api" && !p.Recovered && p.LastError is not null);
        }
    }

    [Fact]
    public async Task UnreachableDnsAndTlsFailuresAreReportedPerProbe()
    {
        var closedPort = FreePort.Next();
        using var tls = new SelfSignedTlsServer();
        var m = await Service().MeasureAsync(
            new RecoveryRequest
            {
                Name = "bad",
                Probes =
                [
                    HttpProbe(new Uri($"http://127.0.0.1:{closedPort}/readyz"), "refused"),
                    HttpProbe(new Uri("http://rbd-no-such-host.invalid/readyz"), "dns"),
                    HttpProbe(tls.Url, "tls"),
                    new RecoveryProbe { Name = "tcp", Kind = ProbeKind.Tcp, Host = "127.0.0.1", Port = closedPort },
                ],
                Timeout = TimeSpan.FromSeconds(4),
            },
            null,
            CancellationToken.None);
        Assert.Equal(RecoveryOutcome.NotRecovered, m.Outcome);
        Assert.False(m.Met);
        Assert.Null(m.RecoveryTime);
        Assert.True(m.Complete);
        var byName = m.Probes.ToDictionary(p => p.Name);
        Assert.StartsWith("connection refused by 127.0.0.1", byName["refused"].LastError);
        Assert.StartsWith("DNS failure: host 'rbd-no-such-host.invalid' not found", byName["dns"].LastError);
        Assert.StartsWith("TLS failure with 127.0.0.1", byName["tls"].LastError);
        Assert.StartsWith("connection refused by 127.0.0.1", byName["tcp"].LastError);
        Assert.All(m.Probes, p => Assert.True(p.Checks >= 2 && p.Failures == p.Checks, $"{p.Name}: {p.Checks} checks"));
    }

    [Fact]
    public async Task SkipCertificateCheckAcceptsTheSelfSignedServer()
    {
        using var tls = new SelfSignedTlsServer();
        var probe = new RecoveryProbe { Name = "tls", Kind = ProbeKind.Http, Url = tls.Url, SkipCertificateCheck = true };
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "tls", Probes = [probe], Timeout = TimeSpan.FromSeconds(5) }, null, CancellationToken.None);
        Assert.Equal(RecoveryOutcome.Recovered, m.Outcome);
    }

    [Fact]
    public async Task TcpProbePassesWhenAListenerAccepts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var probe = new RecoveryProbe { Name = "pg", Kind = ProbeKind.Tcp, Host = "127.0.0.1", Port = port };
        var m = await Service().MeasureAsync(new RecoveryRequest { Name = "pg", Probes = [probe], Timeout = TimeSpan.FromSeconds(5) }, null, CancellationToken.None);
        Assert.True(m.Met);
        Assert.Equal("connected", m.Probes[0].LastStatus);
    }

    [Fact]
    public async Task CancellationReturnsAPartialMeasurementWithinOneSecond()
    {
        using var server = new FlipServer();
        using var cts = new CancellationTokenSource();
        var task = Service().MeasureAsync(new RecoveryRequest { Name = "api", Probes = [HttpProbe(server.Url)] }, null, cts.Token);
        for (var i = 0; i < 100 && server.Requests < 3; i++)
        {
            await Task.Delay(50);
        }

        var sw = Stopwatch.StartNew();
        await cts.CancelAsync();
        var m = await task;
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"took {sw.Elapsed}");
        Assert.False(m.Complete);
        Assert.Equal(RecoveryOutcome.Cancelled, m.Outcome);
        Assert.False(m.Met);
        Assert.True(m.Probes[0].Checks >= 1);
    }

    [Fact]
    public async Task HeadersAreSent()
    {
        using var server = new FlipServer(startHealthy: true);
        var probe = HttpProbe(server.Url).WithHeaders([new("Authorization", "Bearer t0k")]);
        await Service().MeasureAsync(new RecoveryRequest { Name = "api", Probes = [probe], ConsecutiveSuccesses = 1 }, null, CancellationToken.None);
        Assert.Equal("Bearer t0k", server.LastHeaders["Authorization"]);
    }

    [Fact]
    public async Task DuplicateProbeNamesAreASetupError()
    {
        var url = new Uri("http://127.0.0.1:1/");
        await Assert.ThrowsAsync<DrillException>(() => Service().MeasureAsync(new RecoveryRequest { Name = "x", Probes = [HttpProbe(url), HttpProbe(url)] }, null, CancellationToken.None));
    }

    private sealed class SyncProgress(List<RecoveryProgress> list) : IProgress<RecoveryProgress>
    {
        public void Report(RecoveryProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
