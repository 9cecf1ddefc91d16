using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace B3.Core.Lake;

/// <summary>
/// One column's rows of the row group being built: whether each row is null (nullable columns only) and the non-null
/// values, turned at the end into the body of a v1 data page.
/// </summary>
internal abstract class ColumnBuffer(ParquetColumn column)
{
    private readonly List<bool> _defined = [];
    private readonly ArrayBufferWriter<byte> _levels = new();

    public ParquetColumn Column => column;

    public int RowCount { get; private set; }

    public int NullCount { get; private set; }

    public static ColumnBuffer Create(ParquetColumn column) => column.PhysicalType switch
    {
        ParquetPhysicalType.ByteArray => new StringColumnBuffer(column),
        ParquetPhysicalType.Boolean => new BooleanColumnBuffer(column),
        ParquetPhysicalType.Double => new FixedWidthColumnBuffer<double>(
            column, value => ParquetValues.ToDouble(value, column), sizeof(double),
            static (value, destination) => BinaryPrimitives.WriteDoubleLittleEndian(destination, value)),
        ParquetPhysicalType.Int32 => new FixedWidthColumnBuffer<int>(
            column, Int32Converter(column), sizeof(int),
            static (value, destination) => BinaryPrimitives.WriteInt32LittleEndian(destination, value)),
        ParquetPhysicalType.Int64 => new FixedWidthColumnBuffer<long>(
            column, Int64Converter(column), sizeof(long),
            static (value, destination) => BinaryPrimitives.WriteInt64LittleEndian(destination, value)),
        ParquetPhysicalType.FixedLenByteArray => new FixedWidthColumnBuffer<Int128>(
            column, value => ParquetValues.ToUnscaled(value, column), column.TypeLength, WriteBigEndian),
        _ => throw new InvalidOperationException($"No buffer for {column}."),
    };

    /// <summary>Adds a row's value; a value the column cannot hold throws and leaves the buffer as it was.</summary>
    public void Append(object? value)
    {
        if (value is null or DBNull)
        {
            if (!column.Nullable)
            {
                throw new ArgumentException($"Column {column} is not nullable.", nameof(value));
            }

            _defined.Add(false);
            NullCount++;
        }
        else
        {
            AppendValue(value);
            if (column.Nullable)
            {
                _defined.Add(true);
            }
        }

        RowCount++;
    }

    public void RemoveLast()
    {
        RowCount--;
        if (column.Nullable)
        {
            var defined = _defined[^1];
            _defined.RemoveAt(_defined.Count - 1);
            if (!defined)
            {
                NullCount--;
                return;
            }
        }

        RemoveLastValue();
    }

    /// <summary>Data page v1 body: definition levels (nullable columns only) with their 4-byte length, then PLAIN values.</summary>
    public void WritePage(ArrayBufferWriter<byte> output)
    {
        if (column.Nullable)
        {
            _levels.ResetWrittenCount();
            RleBitPackedHybrid.Write(CollectionsMarshal.AsSpan(_defined), _levels);
            BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(sizeof(int)), _levels.WrittenCount);
            output.Advance(sizeof(int));
            output.Write(_levels.WrittenSpan);
        }

        WriteValues(output);
    }

    public ColumnStatistics GetStatistics() => GetStatistics(NullCount);

    public void Clear()
    {
        _defined.Clear();
        RowCount = 0;
        NullCount = 0;
        ClearValues();
    }

    protected abstract void AppendValue(object value);

    protected abstract void RemoveLastValue();

    protected abstract void WriteValues(IBufferWriter<byte> output);

    protected abstract ColumnStatistics GetStatistics(long nullCount);

    protected abstract void ClearValues();

    private static Func<object, int> Int32Converter(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.Date => value => ParquetValues.ToDays(value, column),
        ParquetColumnType.Decimal => value => (int)ParquetValues.ToUnscaled(value, column),
        _ => value => ParquetValues.ToInt32(value, column),
    };

    private static Func<object, long> Int64Converter(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.Decimal => value => (long)ParquetValues.ToUnscaled(value, column),
        _ => value => ParquetValues.ToInt64(value, column),
    };

    /// <summary>Two's complement, big-endian, in the destination's length (which the precision guarantees is enough).</summary>
    private static void WriteBigEndian(Int128 value, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(full, value);
        full[(full.Length - destination.Length)..].CopyTo(destination);
    }
}
