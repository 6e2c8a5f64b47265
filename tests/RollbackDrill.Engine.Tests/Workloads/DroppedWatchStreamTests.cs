using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using RollbackDrill.Engine.Workloads;
using static RollbackDrill.Engine.Tests.Workloads.Workloads;

namespace RollbackDrill.Engine.Tests.Workloads;

/// <summary>
/// The real KubeWorkloadApi (KubernetesClient, the WatchStreamHandler) over a fake HTTP handler whose first watch
/// stream breaks after one event: the waiter must treat it as a dropped watch and resume from the last
/// resourceVersion, not fail.
/// </summary>
public sealed class DroppedWatchStreamTests
{
    public static TheoryData<string> Breaks => ["IOException", "HttpRequestException", "ArgumentOutOfRangeException"];

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task A_watch_stream_that_breaks_while_read_is_resumed_from_the_last_resourceVersion(string kind)
    {
        var handler = new ScriptedHandler(kind);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://fake.invalid" }, new WatchStreamHandler(), handler);
        var waiter = new ReadinessWaiter(new KubeWorkloadApi(client)) { RetryDelay = TimeSpan.FromMilliseconds(10) };

        var result = await waiter.WaitAsync(
            ReadinessTarget.ForWorkloads("videokit", [new WorkloadRef(WorkloadKinds.Deployment, "videokit", "api")]),
            "sandbox", TimeSpan.FromSeconds(15), null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.WatchReconnects >= 1, $"reconnects: {result.WatchReconnects}");
        var watches = handler.Requests.Where(q => q.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.True(watches.Count >= 2, string.Join(" | ", handler.Requests));
        Assert.Contains("resourceVersion=101", watches[0], StringComparison.Ordinal);
        Assert.Contains("resourceVersion=102", watches[1], StringComparison.Ordinal); // resumed after the one event read
        Assert.Equal(1, handler.Requests.Count(q => !q.Contains("watch=true", StringComparison.Ordinal))); // no relist
    }

    [Fact]
    public void Dropped_watch_classification_covers_the_stream_failures_only()
    {
        Assert.True(WorkloadApiErrors.IsDroppedWatch(new IOException("reset")));
        Assert.True(WorkloadApiErrors.IsDroppedWatch(new HttpRequestException("ended")));
        Assert.True(WorkloadApiErrors.IsDroppedWatch(new ArgumentOutOfRangeException("value")));
        Assert.False(WorkloadApiErrors.IsDroppedWatch(new InvalidOperationException()));
        Assert.False(WorkloadApiErrors.IsDroppedWatch(new OperationCanceledException()));
    }

    private static string Json(V1Deployment d, string rv)
    {
        d.ApiVersion = "apps/v1";
        d.Kind = "Deployment";
        d.Metadata.ResourceVersion = rv;
        return KubernetesJson.Serialize(d);
    }

    private sealed class ScriptedHandler(string breakWith) : DelegatingHandler
    {
        private int watches;

        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = Uri.UnescapeDataString(request.RequestUri!.PathAndQuery);
            lock (Requests)
            {
                Requests.Add(query);
            }

            HttpContent content;
            if (!query.Contains("watch=true", StringComparison.Ordinal))
            {
                var list = $"{{\"apiVersion\":\"apps/v1\",\"kind\":\"DeploymentList\",\"metadata\":{{\"resourceVersion\":\"101\"}},\"items\":[{Json(Deployment("api", 3, 1, 0), "100")}]}}";
                content = new StringContent(list, Encoding.UTF8, "application/json");
            }
            else if (Interlocked.Increment(ref watches) == 1)
            {
                var first = $"{{\"type\":\"MODIFIED\",\"object\":{Json(Deployment("api", 3, 2, 1), "102")}}}\n";
                content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(first), breakWith));
            }
            else
            {
                var ready = $"{{\"type\":\"MODIFIED\",\"object\":{Json(Deployment("api", 3, 3, 3), "103")}}}\n";
                content = new StreamContent(new HangingStream(Encoding.UTF8.GetBytes(ready), cancellationToken));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A read-only stream over some bytes; what happens at their end is the subclass's.</summary>
    private abstract class ScriptedStream(byte[] data) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(buffer.Length, data.Length - position);
            if (n > 0)
            {
                data.AsSpan(position, n).CopyTo(buffer.Span);
                position += n;
                return n;
            }

            await AtEndAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected abstract Task AtEndAsync(CancellationToken cancellationToken);
    }

    /// <summary>Returns its bytes, then throws the way a cut connection does.</summary>
    private sealed class BreakingStream(byte[] data, string breakWith) : ScriptedStream(data)
    {
        protected override Task AtEndAsync(CancellationToken cancellationToken) => throw (breakWith switch
        {
            "IOException" => new IOException("Unable to read data from the transport connection: Connection reset by peer."),
            "HttpRequestException" => new HttpRequestException("The response ended prematurely. (ResponseEnded)"),
            _ => (Exception)new ArgumentOutOfRangeException("Specified argument was out of the range of valid values. (ParseStatusLine)", (Exception?)null),
        });
    }

    /// <summary>Returns its bytes, then blocks like an open watch until the request is cancelled.</summary>
    private sealed class HangingStream(byte[] data, CancellationToken requestToken) : ScriptedStream(data)
    {
        protected override async Task AtEndAsync(CancellationToken cancellationToken)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, requestToken);
            await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
        }
    }
}
