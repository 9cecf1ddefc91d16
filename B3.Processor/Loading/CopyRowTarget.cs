using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using B3.Core.Datasets;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Common;
using NpgsqlTypes;

namespace B3.Processor.Loading;

/// <summary>
/// Writes parsed rows into a binary COPY, each prefixed with the object key and ETag it came from, in PostgreSQL's binary
/// COPY format (postgresql.org/docs/current/sql-copy.html, "Binary Format") written here straight into the raw COPY
/// stream: NpgsqlBinaryImporter resolves a type handler for every value, which measured ~170 ns a value, nine tenths of
/// the client's time on a yearly COTAHIST. A row dated outside the key's dates means the file is not the one its key
/// names: it fails the whole file.
/// </summary>
internal sealed class CopyRowTarget : IRowTarget, IDisposable
{
    private const int BufferBytes = 1 << 16;

    /// <summary>The field count of -1 that ends the data.</summary>
    private const short FileTrailer = -1;

    /// <summary>A field's length word of -1 is a null, with no bytes after it.</summary>
    private const int NullLength = -1;

    /// <summary>"PGCOPY\n\377\r\n\0", then the flags (none) and the header extension's length (0), both 32-bit.</summary>
    private static readonly byte[] FileHeader = [.. "PGCOPY\n"u8, 0xFF, .. "\r\n\0"u8, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>A date is its day count from PostgreSQL's epoch, 2000-01-01, as a 32-bit integer.</summary>
    private static readonly int PostgresEpoch = new DateOnly(2000, 1, 1).DayNumber;

    private readonly Stream _copy;
    private readonly ObjectKey _key;
    private readonly int _dateColumn;
    private readonly short _fields;
    private readonly byte[] _keyField;
    private readonly byte[] _etagField;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _used;

    /// <param name="copy">The stream of a <c>COPY … FROM STDIN (FORMAT BINARY)</c> whose first two columns are object_key and etag.</param>
    public CopyRowTarget(Stream copy, ObjectKey key, string etag, int columns, int dateColumn)
    {
        _copy = copy;
        _key = key;
        _dateColumn = dateColumn;
        _fields = (short)(columns + 2);
        _keyField = TextField(key.Key);
        _etagField = TextField(etag);
        WriteBytes(FileHeader);
    }

    public List<RejectedRow> Rejected { get; } = [];

    public long Rows { get; private set; }

    public void WriteRow(RowValues row)
    {
        StartRow();
        for (var column = 0; column < row.Count; column++)
        {
            if (!row.HasValue(column))
            {
                Reserve(sizeof(int));
                WriteInt32(NullLength);
                continue;
            }

            switch (row.Type(column))
            {
                case NpgsqlDbType.Text:
                    WriteText(row.Text(column));
                    break;
                case NpgsqlDbType.Numeric when row.TryGetUnscaled(column, out var unscaled, out var scale):
                    CommitValue(PostgresNumeric.Encode(NumberParser.Magnitude(unscaled), scale, unscaled < 0, ReserveValue(PostgresNumeric.MaxBytes)));
                    break;
                case NpgsqlDbType.Numeric:
                    CommitValue(PostgresNumeric.Encode(row.Numeric(column), ReserveValue(PostgresNumeric.MaxBytes)));
                    break;
                case NpgsqlDbType.Date when column == _dateColumn:
                    WriteDate(InKeyDates(row.Date(column)));
                    break;
                case NpgsqlDbType.Date:
                    WriteDate(row.Date(column));
                    break;
                case NpgsqlDbType.Integer:
                    WriteFixed(sizeof(int)).WriteInt32(row.Integer(column));
                    break;
                case NpgsqlDbType.Bigint:
                    WriteFixed(sizeof(long)).WriteInt64(row.Bigint(column));
                    break;
                case NpgsqlDbType.Boolean:
                    WriteFixed(sizeof(byte)).WriteByte(row.Boolean(column) ? (byte)1 : (byte)0);
                    break;
                default:
                    throw new NotSupportedException($"No binary COPY encoding for {row.Type(column)}.");
            }
        }
    }

    public void Reject(long lineNumber, string rawLine, string reason) => Rejected.Add(new RejectedRow(lineNumber, rawLine, reason));

    /// <summary>Writes the trailer and sends what is buffered; the COPY then ends when its stream is disposed.</summary>
    public void Complete()
    {
        Reserve(sizeof(short));
        WriteInt16(FileTrailer);
        Flush();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Makes room for a field's length word and its value, and writes the length.</summary>
    private CopyRowTarget WriteFixed(int valueBytes)
    {
        Reserve(sizeof(int) + valueBytes);
        WriteInt32(valueBytes);
        return this;
    }

    private void Reserve(int bytes)
    {
        if (_used + bytes <= _buffer.Length)
        {
            return;
        }

        Flush();
        if (bytes > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), value);
        _used += sizeof(short);
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), value);
        _used += sizeof(int);
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used), value);
        _used += sizeof(long);
    }

    private void WriteByte(byte value) => _buffer[_used++] = value;

    /// <summary>A text value as a whole field: its length, then its UTF-8 bytes (the connection's client encoding).</summary>
    private static byte[] TextField(string text)
    {
        var field = new byte[sizeof(int) + Encoding.UTF8.GetByteCount(text)];
        BinaryPrimitives.WriteInt32BigEndian(field, field.Length - sizeof(int));
        Encoding.UTF8.GetBytes(text, field.AsSpan(sizeof(int)));
        return field;
    }

    private void StartRow()
    {
        Reserve(sizeof(short));
        WriteInt16(_fields);
        WriteBytes(_keyField);
        WriteBytes(_etagField);
        Rows++;
    }

    private DateOnly InKeyDates(DateOnly date) => date >= _key.From && date <= _key.To
        ? date
        : throw new InvalidFileException($"The file holds rows dated {date:yyyy-MM-dd}, which is not the date of {_key.Key}.");

    private void WriteDate(DateOnly date) => WriteFixed(sizeof(int)).WriteInt32(date.DayNumber - PostgresEpoch);

    private void WriteText(string text) => CommitValue(Encoding.UTF8.GetBytes(text, ReserveValue(Encoding.UTF8.GetMaxByteCount(text.Length))));

    /// <summary>The room for a value of up to <paramref name="maxBytes"/>, after its length word, which <see cref="CommitValue"/> writes.</summary>
    private Span<byte> ReserveValue(int maxBytes)
    {
        Reserve(sizeof(int) + maxBytes);
        return _buffer.AsSpan(_used + sizeof(int));
    }

    private void CommitValue(int length)
    {
        WriteInt32(length);
        _used += length;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Flush()
    {
        _copy.Write(_buffer, 0, _used);
        _used = 0;
    }
}

/// <summary>A row that goes to <c>b3.quarantine</c>.</summary>
public sealed record RejectedRow(long LineNumber, string RawLine, string Reason);
