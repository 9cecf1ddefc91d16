using System.Buffers.Text;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace B3.Bench.Measures;

/// <summary>
/// One keep-alive HTTP/1.1 connection that writes a request's bytes whole and reads the response only as far as its
/// status and its end (a Content-Length body or chunks): a load generator about as light as pgbench's client. The
/// bench's HttpClient spent about 100 µs of CPU per webhook call, on the same two cores as the WebhookApi it measured,
/// where pgbench's client costs a few.
/// </summary>
internal sealed class LeanHttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private LeanHttpConnection(Socket socket) => _socket = socket;

    public static async Task<LeanHttpConnection> OpenAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
        return new LeanHttpConnection(socket);
    }

    /// <summary>The bytes of a POST with a body, as HttpClient would send them.</summary>
    public static byte[] Post(Uri server, string path, IEnumerable<(string Name, string Value)> headers, string contentType, byte[] body)
    {
        var head = new StringBuilder()
            .Append($"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    /// <summary>Sends the request and reads its whole response; returns the response's status code.</summary>
    public async Task<int> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(request, cancellationToken);
        var headers = Encoding.ASCII.GetString(await ReadThroughAsync(HeaderEnd, cancellationToken));
        var status = int.Parse(headers.AsSpan(9, 3), provider: CultureInfo.InvariantCulture);
        if (Header(headers, "Content-Length") is { } length)
        {
            await SkipAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
        }
        else if (Header(headers, "Transfer-Encoding")?.Equals("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            await SkipChunksAsync(cancellationToken);
        }

        return status;
    }

    public void Dispose() => _socket.Dispose();

    private static string? Header(string headers, string name)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private async Task SkipChunksAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var sizeLine = await ReadThroughAsync(LineEnd, cancellationToken);
            if (!Utf8Parser.TryParse(sizeLine, out int size, out _, standardFormat: 'X'))
            {
                throw new InvalidDataException($"Not a chunk size: '{Encoding.ASCII.GetString(sizeLine)}'.");
            }

            // The chunk and its line end; after the last, empty chunk, the empty line that ends the trailers.
            await SkipAsync(size + LineEnd.Length, cancellationToken);
            if (size == 0)
            {
                return;
            }
        }
    }

    /// <summary>The bytes up to the marker (consumed with it, returned without it).</summary>
    private async Task<byte[]> ReadThroughAsync(byte[] marker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (found >= 0)
            {
                var bytes = _buffer.AsSpan(_start, found).ToArray();
                _start += found + marker.Length;
                return bytes;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task SkipAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            (_start, _end) = (0, 0);
            await FillAsync(cancellationToken);
        }

        _start += count;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read > 0 ? read : throw new IOException("The server closed the connection.");
    }
}
