using System.Buffers;
using System.IO.Pipelines;
using B3.Core.Storage;

namespace B3.Processor.Loading;

/// <summary>
/// A stored object as a parser reads it, with its first bytes to choose the parser by. A ZIP is spooled to a temporary
/// file first (its directory is at its end, so reading it seeks); any other file is parsed as it downloads, so the
/// download overlaps the COPY instead of coming before it, and memory stays flat either way.
/// </summary>
internal sealed class ObjectInput : IAsyncDisposable
{
    private const int HeadBytes = 4096;
    private const int ReadBufferBytes = 1 << 16;

    private readonly PipeReader _reader;
    private readonly SeekableStream? _spooled;

    private ObjectInput(byte[] head, PipeReader reader, Stream content, SeekableStream? spooled)
    {
        Head = head;
        Content = content;
        _reader = reader;
        _spooled = spooled;
    }

    /// <summary>Up to the first 4 KiB, empty for an empty object.</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>The whole object from its first byte.</summary>
    public Stream Content { get; }

    public static async Task<ObjectInput> OpenAsync(Stream body, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, leaveOpen: true));
        try
        {
            var read = await reader.ReadAtLeastAsync(HeadBytes, cancellationToken);
            var head = read.Buffer.Slice(0, Math.Min(HeadBytes, read.Buffer.Length)).ToArray();
            // Nothing consumed: the parser reads the head again.
            reader.AdvanceTo(read.Buffer.Start);
            var content = reader.AsStream(leaveOpen: true);
            if (!head.AsSpan().StartsWith("PK"u8))
            {
                return new ObjectInput(head, reader, content, spooled: null);
            }

            var spooled = await SeekableStream.OpenAsync(content, cancellationToken);
            return new ObjectInput(head, reader, spooled.Stream, spooled);
        }
        catch
        {
            await reader.CompleteAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_spooled is not null)
        {
            await _spooled.DisposeAsync();
        }

        await _reader.CompleteAsync();
    }
}
