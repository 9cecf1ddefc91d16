using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace B3.Core.Lake;

/// <summary>Values of one width each (integers, doubles, fixed-length decimals), kept unboxed until the page is written.</summary>
internal sealed class FixedWidthColumnBuffer<T>(
    ParquetColumn column, Func<object, T> convert, int width, Action<T, Span<byte>> write) : ColumnBuffer(column)
    where T : unmanaged, INumber<T>
{
    private readonly List<T> _values = [];

    protected override void AppendValue(object value) => _values.Add(convert(value));

    protected override void RemoveLastValue() => _values.RemoveAt(_values.Count - 1);

    protected override void ClearValues() => _values.Clear();

    protected override void WriteValues(IBufferWriter<byte> output)
    {
        var values = CollectionsMarshal.AsSpan(_values);
        var destination = output.GetSpan(values.Length * width);
        for (var i = 0; i < values.Length; i++)
        {
            write(values[i], destination.Slice(i * width, width));
        }

        output.Advance(values.Length * width);
    }

    /// <summary>
    /// Bounds in Parquet's type order, a zero minimum written as -0.0 and a zero maximum as +0.0 so that either zero lies
    /// within them. A chunk holding NaN gets no bounds: DuckDB sorts NaN above every number but prunes on the bounds
    /// without looking at nan_count, so bounds that leave NaN out (as the format asks) would hide its rows from filters.
    /// </summary>
    protected override ColumnStatistics GetStatistics(long nullCount)
    {
        var (min, max, found, nans) = (T.Zero, T.Zero, false, 0L);
        foreach (var value in CollectionsMarshal.AsSpan(_values))
        {
            if (T.IsNaN(value))
            {
                nans++;
            }
            else if (!found)
            {
                (min, max, found) = (value, value, true);
            }
            else
            {
                min = value < min ? value : min;
                max = value > max ? value : max;
            }
        }

        long? nanCount = typeof(T) == typeof(double) ? nans : null;
        if (!found || nans > 0)
        {
            return new ColumnStatistics(nullCount, null, null, nanCount);
        }

        return new ColumnStatistics(
            nullCount, Encode(T.IsZero(min) ? -T.Zero : min), Encode(T.IsZero(max) ? T.Zero : max), nanCount);
    }

    private byte[] Encode(T value)
    {
        var bytes = new byte[width];
        write(value, bytes);
        return bytes;
    }
}
