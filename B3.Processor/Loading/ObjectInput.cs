using System.Buffers;
using System.IO.Pipelines;
using B3.Core.Storage;

namespace B3.Processor.Loading;

/// <summary>
/// A stored object as a parser reads it, with its first bytes to choose the parser by. A ZIP is spooled to a temporary
/// file first (its directory is at its end, so reading it seeks); any other file is parsed as it downloads, so the
/// download overlaps the COPY instead of coming before it. The download runs up to a megabyte ahead of the parser, so
/// the network's next bytes arrive while the last ones are parsed and copied, and memory stays flat either way.
/// </summary>
internal sealed class ObjectInput : IAsyncDisposable
{
    private const int HeadBytes = 4096;
    private const int SegmentBytes = 1 << 16;
    private const int ReadAheadBytes = 1 << 20;

    private readonly PipeReader _reader;
    private readonly Task _download;
    private readonly SeekableStream? _spooled;

    private ObjectInput(byte[] head, PipeReader reader, Task download, Stream content, SeekableStream? spooled)
    {
        Head = head;
        Content = content;
        _reader = reader;
        _download = download;
        _spooled = spooled;
    }

    /// <summary>Up to the first 4 KiB, empty for an empty object.</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>The whole object from its first byte.</summary>
    public Stream Content { get; }

    public static async Task<ObjectInput> OpenAsync(Stream body, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: ReadAheadBytes, resumeWriterThreshold: ReadAheadBytes / 2, minimumSegmentSize: SegmentBytes, useSynchronizationContext: false));
        var download = DownloadAsync(body, pipe.Writer, cancellationToken);
        var reader = pipe.Reader;
        try
        {
            var read = await reader.ReadAtLeastAsync(HeadBytes, cancellationToken);
            var head = read.Buffer.Slice(0, Math.Min(HeadBytes, read.Buffer.Length)).ToArray();
            // Nothing consumed: the parser reads the head again.
            reader.AdvanceTo(read.Buffer.Start);
            var content = reader.AsStream(leaveOpen: true);
            if (!head.AsSpan().StartsWith("PK"u8))
            {
                return new ObjectInput(head, reader, download, content, spooled: null);
            }

            var spooled = await SeekableStream.OpenAsync(content, cancellationToken);
            return new ObjectInput(head, reader, download, spooled.Stream, spooled);
        }
        catch
        {
            await reader.CompleteAsync();
            await download;
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_spooled is not null)
        {
            await _spooled.DisposeAsync();
        }

        // A completed reader stops the download at its next write, before the body it reads is disposed.
        await _reader.CompleteAsync();
        await _download;
    }

    /// <summary>Copies the body into the pipe; a failed read (a damaged download among them) reaches the parser's next read.</summary>
    private static async Task DownloadAsync(Stream body, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await body.CopyToAsync(writer, cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
        }
    }
}
