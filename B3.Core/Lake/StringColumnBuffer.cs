using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace B3.Core.Lake;

/// <summary>Strings as UTF-8 bytes back to back, with where each ends; PLAIN prefixes each with its length.</summary>
internal sealed class StringColumnBuffer(ParquetColumn column) : ColumnBuffer(column)
{
    // Strict, so a lone surrogate is refused rather than silently turned into U+FFFD.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<byte> _bytes = [];
    private readonly List<int> _ends = [];

    protected override void AppendValue(object value)
    {
        var text = value as string ?? throw ParquetValues.Refused(value, Column);
        var length = Utf8.GetByteCount(text);
        var start = _bytes.Count;
        CollectionsMarshal.SetCount(_bytes, start + length);
        Utf8.GetBytes(text, CollectionsMarshal.AsSpan(_bytes)[start..]);
        _ends.Add(start + length);
    }

    protected override void RemoveLastValue()
    {
        _ends.RemoveAt(_ends.Count - 1);
        CollectionsMarshal.SetCount(_bytes, _ends.Count == 0 ? 0 : _ends[^1]);
    }

    protected override void ClearValues()
    {
        _bytes.Clear();
        _ends.Clear();
    }

    protected override void WriteValues(IBufferWriter<byte> output)
    {
        var size = _bytes.Count + _ends.Count * sizeof(int);
        var destination = output.GetSpan(size);
        var position = 0;
        for (var i = 0; i < _ends.Count; i++)
        {
            var value = Value(i);
            BinaryPrimitives.WriteInt32LittleEndian(destination[position..], value.Length);
            value.CopyTo(destination[(position + sizeof(int))..]);
            position += sizeof(int) + value.Length;
        }

        output.Advance(size);
    }

    /// <summary>Bounds in Parquet's order for strings: unsigned byte-wise comparison of the UTF-8.</summary>
    protected override ColumnStatistics GetStatistics(long nullCount)
    {
        if (_ends.Count == 0)
        {
            return new ColumnStatistics(nullCount, null, null);
        }

        var (min, max) = (0, 0);
        for (var i = 1; i < _ends.Count; i++)
        {
            min = Value(i).SequenceCompareTo(Value(min)) < 0 ? i : min;
            max = Value(i).SequenceCompareTo(Value(max)) > 0 ? i : max;
        }

        return new ColumnStatistics(nullCount, Value(min).ToArray(), Value(max).ToArray());
    }

    private ReadOnlySpan<byte> Value(int index)
    {
        var start = index == 0 ? 0 : _ends[index - 1];
        return CollectionsMarshal.AsSpan(_bytes)[start.._ends[index]];
    }
}
