using System.Buffers;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// Reads a stream line by line into one pooled buffer and hands out each line as bytes, without its <c>\n</c> or
/// <c>\r\n</c>; a line is valid until the next call. A UTF-8 byte-order mark at the start is skipped.
/// </summary>
internal sealed class LineReader(Stream stream) : IDisposable
{
    public const int MaxLineBytes = 1 << 20;
    private const int InitialBufferBytes = 1 << 16;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _started;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (!_started)
        {
            Fill();
        }

        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0 || (_endOfStream && !pending.IsEmpty))
            {
                var length = newline >= 0 ? newline : pending.Length;
                line = pending[..length];
                if (!line.IsEmpty && line[^1] == '\r')
                {
                    line = line[..^1];
                }

                _start += newline >= 0 ? length + 1 : length;
                LineNumber++;
                return true;
            }

            if (_endOfStream)
            {
                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Grow();
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _endOfStream = read == 0;
        if (!_started && (_end >= 3 || _endOfStream))
        {
            _started = true;
            _start = _buffer.AsSpan(0, _end).StartsWith(ByteOrderMark.Utf8) ? ByteOrderMark.Utf8.Length : 0;
        }
    }

    private void Grow()
    {
        if (_buffer.Length >= MaxLineBytes)
        {
            throw new InvalidFileException($"line {LineNumber + 1} is longer than {MaxLineBytes} bytes: not a B3 text file");
        }

        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
