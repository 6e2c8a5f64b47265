using System.Net;
using System.Reflection;

namespace RollbackDrill.Sandbox.Http;

/// <summary>
/// Sends a streaming response's status line and headers before its first body byte. The API server's watch handler
/// does WriteHeader(200) + Flush() before any event; HttpListener has no public way to do that (its response stream's
/// Flush is a no-op and headers go out with the first non-empty write), and a zero-length chunked write would be the
/// last chunk. The managed HttpListener (Linux, macOS) builds the headers in its response stream's private
/// GetHeaders(closing, isWebSocketHandshake) and writes them with InternalWriteAsync, exactly as its own first
/// write does; this calls those two. Where they are absent (Windows http.sys, or a runtime that renamed them) nothing
/// is sent early and the headers go out with the first event, as before the first write: never a stray body byte.
/// </summary>
internal static class ResponseHeaders
{
    private static readonly Lazy<(MethodInfo GetHeaders, MethodInfo Write)?> Members = new(Find);

    /// <summary>True when the running HttpListener lets <see cref="SendNowAsync"/> send headers without a body byte.</summary>
    public static bool Supported => Members.Value is not null;

    /// <summary>Sends the headers now (status, content type, chunked) if they are not sent yet; false when unsupported.</summary>
    public static async Task<bool> SendNowAsync(HttpListenerResponse response)
    {
        if (Members.Value is not { } m)
        {
            return false;
        }

        var stream = response.OutputStream;
        if (m.GetHeaders.Invoke(stream, [false, false]) is not MemoryStream headers)
        {
            return true; // already sent
        }

        var start = (int)headers.Position; // after the encoding's preamble, as the listener's own write does
        await ((Task)m.Write.Invoke(stream, [headers.GetBuffer(), start, (int)(headers.Length - start)])!).ConfigureAwait(false);
        return true;
    }

    private static (MethodInfo, MethodInfo)? Find()
    {
        var type = typeof(HttpListener).Assembly.GetType("System.Net.HttpResponseStream");
        const BindingFlags Flags = BindingFlags.Instance | BindingFlags.NonPublic;
        var getHeaders = type?.GetMethod("GetHeaders", Flags, [typeof(bool), typeof(bool)]);
        var write = type?.GetMethod("InternalWriteAsync", Flags, [typeof(byte[]), typeof(int), typeof(int)]);
        return getHeaders is not null && getHeaders.ReturnType == typeof(MemoryStream) && write is not null && write.ReturnType == typeof(Task)
            ? (getHeaders, write)
            : null;
    }
}
