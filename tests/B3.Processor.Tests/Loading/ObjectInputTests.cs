using B3.Processor.Loading;

namespace B3.Processor.Tests.Loading;

/// <summary>
/// The object as the parser reads it while it downloads: every byte in order, a failed download (a damaged one among
/// them) failing the parser's read with its own error, and a parse that stops early not waiting for the rest.
/// </summary>
public sealed class ObjectInputTests
{
    private const int Megabyte = 1 << 20;

    [Fact]
    public async Task AFileThatIsNotAZipReadsWholeAsItDownloads()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Body(3 * Megabyte);

        await using var input = await ObjectInput.OpenAsync(new Network(body, failAfter: null), ct);
        var read = new MemoryStream();
        await input.Content.CopyToAsync(read, ct);

        Assert.Equal(body.AsSpan(0, 4096).ToArray(), input.Head.ToArray());
        Assert.Equal(body, read.ToArray());
    }

    [Fact]
    public async Task AFailedDownloadFailsTheParsersReadWithItsOwnError()
    {
        var ct = TestContext.Current.CancellationToken;

        await using var input = await ObjectInput.OpenAsync(new Network(Body(3 * Megabyte), failAfter: 2 * Megabyte), ct);
        var error = await Assert.ThrowsAsync<IOException>(() => input.Content.CopyToAsync(Stream.Null, ct));

        Assert.Equal("The download of b3/instruments/2025-03-14.csv is damaged", error.Message);
    }

    [Fact]
    public async Task AParseThatStopsEarlyDoesNotWaitForTheRestOfTheObject()
    {
        var ct = TestContext.Current.CancellationToken;

        var input = await ObjectInput.OpenAsync(new Network(Body(64 * Megabyte), failAfter: null), ct);
        var disposed = input.DisposeAsync().AsTask();

        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(10), ct)));
    }

    private static byte[] Body(int length)
    {
        var body = new byte[length];
        new Random(7).NextBytes(body);
        body[0] = (byte)'R'; // not "PK": parsed as it downloads
        return body;
    }

    /// <summary>A response body: read-only, not seekable, in the small pieces a socket gives, failing where told.</summary>
    private sealed class Network(byte[] body, int? failAfter) : Stream
    {
        private const int Piece = 16 * 1024;
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The download of b3/instruments/2025-03-14.csv is damaged");
            }

            var length = Math.Min(Math.Min(buffer.Length, Piece), body.Length - _position);
            body.AsSpan(_position, length).CopyTo(buffer);
            _position += length;
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
