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
internal sealed class CopyRowTarget : IWholeRowTarget, IDisposable
{
    private const int BufferBytes = 1 << 16;
    private const short NumericPositive = 0x0000;
    private const short NumericNegative = 0x4000;
    private static readonly int PostgresEpoch = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly UInt128[] PowersOfTen = [1, 10, 100, 1000];

    private readonly Stream _copy;
    private readonly ObjectKey _key;
    private readonly int _dateColumn;
    private readonly short _fields;
    private readonly byte[] _keyField;
    private readonly byte[] _etagField;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _used;
    private int _column;

    /// <param name="copy">The stream of a <c>COPY … FROM STDIN (FORMAT BINARY)</c> whose first two columns are object_key and etag.</param>
    public CopyRowTarget(Stream copy, ObjectKey key, string etag, int columns, int dateColumn)
    {
        _copy = copy;
        _key = key;
        _dateColumn = dateColumn;
        _fields = (short)(columns + 2);
        _keyField = Field(key.Key);
        _etagField = Field(etag);
        // Signature "PGCOPY\n\377\r\n\0", flags, header extension length.
        WriteBytes([0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    public List<RejectedRow> Rejected { get; } = [];

    public long Rows { get; private set; }

    public void StartRow()
    {
        Reserve(2);
        WriteInt16(_fields);
        WriteBytes(_keyField);
        WriteBytes(_etagField);
        _column = 0;
        Rows++;
    }

    public void Write<T>(T value, NpgsqlDbType type)
    {
        if (typeof(T) == typeof(string))
        {
            WriteText((string)(object)value!);
        }
        else if (typeof(T) == typeof(decimal))
        {
            WriteNumeric((decimal)(object)value!);
        }
        else if (typeof(T) == typeof(DateOnly))
        {
            WriteDate((DateOnly)(object)value!);
        }
        else if (typeof(T) == typeof(int))
        {
            WriteInteger((int)(object)value!);
        }
        else if (typeof(T) == typeof(long))
        {
            WriteBigint((long)(object)value!);
        }
        else if (typeof(T) == typeof(bool))
        {
            WriteBoolean((bool)(object)value!);
        }
        else
        {
            throw new NotSupportedException($"No binary COPY encoding for {typeof(T).Name} ({type}).");
        }

        _column++;
    }

    public void WriteNull()
    {
        _column++;
        Reserve(4);
        WriteInt32(-1);
    }

    public void WriteRow(RowValues row)
    {
        StartRow();
        for (var column = 0; column < row.Count; column++)
        {
            if (!row.HasValue(column))
            {
                WriteNull();
                continue;
            }

            switch (row.Type(column))
            {
                case NpgsqlDbType.Text:
                    WriteText(row.Text(column));
                    break;
                case NpgsqlDbType.Numeric when row.TryGetUnscaled(column, out var unscaled, out var scale):
                    WriteNumeric(NumberParser.Magnitude(unscaled), scale, unscaled < 0);
                    break;
                case NpgsqlDbType.Numeric:
                    WriteNumeric(row.Numeric(column));
                    break;
                case NpgsqlDbType.Date:
                    WriteDate(row.Date(column));
                    break;
                case NpgsqlDbType.Integer:
                    WriteInteger(row.Integer(column));
                    break;
                case NpgsqlDbType.Bigint:
                    WriteBigint(row.Bigint(column));
                    break;
                case NpgsqlDbType.Boolean:
                    WriteBoolean(row.Boolean(column));
                    break;
                default:
                    throw new NotSupportedException($"No binary COPY encoding for {row.Type(column)}.");
            }

            _column++;
        }
    }

    public void Reject(long lineNumber, string rawLine, string reason) => Rejected.Add(new RejectedRow(lineNumber, rawLine, reason));

    /// <summary>Writes the trailer and sends what is buffered; the COPY then ends when its stream is disposed.</summary>
    public void Complete()
    {
        Reserve(2);
        WriteInt16(-1);
        Flush();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void WriteDate(DateOnly date)
    {
        if (_column == _dateColumn && (date < _key.From || date > _key.To))
        {
            throw new InvalidFileException($"The file holds rows dated {date:yyyy-MM-dd}, which is not the date of {_key.Key}.");
        }

        Reserve(8);
        WriteInt32(4);
        WriteInt32(date.DayNumber - PostgresEpoch);
    }

    private void WriteInteger(int value)
    {
        Reserve(8);
        WriteInt32(4);
        WriteInt32(value);
    }

    private void WriteBigint(long value)
    {
        Reserve(12);
        WriteInt32(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used), value);
        _used += 8;
    }

    private void WriteBoolean(bool value)
    {
        Reserve(5);
        WriteInt32(1);
        _buffer[_used++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>A text value as a whole field: its length, then its UTF-8 bytes (the connection's client encoding).</summary>
    private static byte[] Field(string text)
    {
        var field = new byte[4 + Encoding.UTF8.GetByteCount(text)];
        BinaryPrimitives.WriteInt32BigEndian(field, field.Length - 4);
        Encoding.UTF8.GetBytes(text, field.AsSpan(4));
        return field;
    }

    private void WriteText(string text)
    {
        Reserve(4 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used + 4));
        WriteInt32(length);
        _used += length;
    }

    private void WriteNumeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        WriteNumeric(mantissa, (bits[3] >> 16) & 0xFF, value < 0);
    }

    /// <summary>
    /// PostgreSQL's numeric: base-10000 digits, most significant first, with the weight (power of 10000) of the first, a
    /// sign and the display scale. The integer mantissa (the value times 10^scale) is padded to whole base-10000 digits
    /// after the point, cut into digits, and stripped of zero digits at both ends, as PostgreSQL itself sends a numeric.
    /// </summary>
    private void WriteNumeric(UInt128 magnitude, int scale, bool negative)
    {
        var padding = (4 - (scale % 4)) % 4;
        var mantissa = magnitude * PowersOfTen[padding];

        Span<short> digits = stackalloc short[10];
        var count = 0;
        if (mantissa > ulong.MaxValue)
        {
            var low = (ulong)(mantissa % 10_000_000_000_000_000);
            mantissa /= 10_000_000_000_000_000;
            for (var i = 0; i < 4; i++, low /= 10_000)
            {
                digits[count++] = (short)(low % 10_000);
            }
        }

        for (var rest = (ulong)mantissa; rest != 0; rest /= 10_000)
        {
            digits[count++] = (short)(rest % 10_000);
        }

        var lowest = 0;
        while (lowest < count && digits[lowest] == 0)
        {
            lowest++;
        }

        var kept = count - lowest;
        Reserve(12 + (2 * kept));
        WriteInt32(8 + (2 * kept));
        WriteInt16((short)kept);
        WriteInt16((short)(kept == 0 ? 0 : count - 1 - ((scale + padding) / 4)));
        WriteInt16(negative && kept > 0 ? NumericNegative : NumericPositive);
        WriteInt16((short)scale);
        for (var i = count - 1; i >= lowest; i--)
        {
            WriteInt16(digits[i]);
        }
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

    private void Flush()
    {
        _copy.Write(_buffer, 0, _used);
        _used = 0;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), value);
        _used += 2;
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), value);
        _used += 4;
    }
}

/// <summary>A row that goes to <c>b3.quarantine</c>.</summary>
public sealed record RejectedRow(long LineNumber, string RawLine, string Reason);
