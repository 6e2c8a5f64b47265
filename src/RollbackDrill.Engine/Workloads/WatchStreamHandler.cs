namespace RollbackDrill.Engine.Workloads;

/// <summary>
/// Makes watch responses (?watch=true) tolerant of blank lines between events. Whitespace between the JSON documents
/// of a watch stream is valid JSON-seq framing and some servers and proxies send it (a bare newline to get the
/// headers out early), but KubernetesClient reads the first line as a document and fails on an empty one; blank
/// lines are dropped here before it sees them.
/// </summary>
public sealed class WatchStreamHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var query = request.RequestUri?.Query ?? string.Empty;
        if (response.IsSuccessStatusCode && (query.Contains("watch=true", StringComparison.OrdinalIgnoreCase) || query.Contains("watch=1", StringComparison.Ordinal)))
        {
            var original = response.Content;
            var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var content = new StreamContent(new BlankLineSkippingStream(stream));
            foreach (var header in original.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
        }

        return response;
    }

    /// <summary>A read-only stream that drops every '\n' that starts a line (so empty lines disappear), and '\r' before them.</summary>
    internal sealed class BlankLineSkippingStream(Stream inner) : Stream
    {
        private bool atLineStart = true;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (true)
            {
                var n = inner.Read(buffer);
                if (n == 0)
                {
                    return 0;
                }

                var kept = Filter(buffer[..n]);
                if (kept > 0)
                {
                    return kept;
                }
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return 0;
                }

                var kept = Filter(buffer.Span[..n]);
                if (kept > 0)
                {
                    return kept;
                }
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        internal int Filter(Span<byte> data)
        {
            var w = 0;
            foreach (var b in data)
            {
                if (atLineStart && b is (byte)'\n' or (byte)'\r')
                {
                    continue;
                }

                data[w++] = b;
                atLineStart = b == (byte)'\n';
            }

            return w;
        }
    }
}
