using System.Security.Cryptography;

namespace B3.Core.Storage;

/// <summary>
/// A download checked, as it is read, against the MD5 its ETag gives (a single-part object's ETag is the MD5 of its
/// bytes): the check the AWS SDK makes, with the platform's MD5 in place of the SDK's managed one, which took a seventh
/// of the Processor's CPU during a load. A body that ends with other bytes throws instead of ending, so a damaged
/// transfer never loads.
/// </summary>
internal sealed class Md5CheckedStream(Stream body, byte[] expectedHash, string key) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Hashed(buffer, body.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await body.ReadAsync(buffer, cancellationToken);
        return Hashed(buffer.Span, read);
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
            _hash.Dispose();
            body.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Hashed(Span<byte> buffer, int read)
    {
        if (read > 0)
        {
            _hash.AppendData(buffer[..read]);
        }
        else if (buffer.Length > 0 && !_checked)
        {
            _checked = true;
            var actual = _hash.GetHashAndReset();
            if (!actual.AsSpan().SequenceEqual(expectedHash))
            {
                throw new IOException(
                    $"The download of {key} is damaged: its MD5 is {Convert.ToHexStringLower(actual)} where its ETag says {Convert.ToHexStringLower(expectedHash)}.");
            }
        }

        return read;
    }
}
