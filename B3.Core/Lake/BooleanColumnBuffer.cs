using System.Buffers;
using System.Runtime.InteropServices;

namespace B3.Core.Lake;

/// <summary>Booleans, which PLAIN packs one bit each as the RLE/bit-packing hybrid does.</summary>
internal sealed class BooleanColumnBuffer(ParquetColumn column) : ColumnBuffer(column)
{
    private readonly List<bool> _values = [];

    protected override void AppendValue(object value) => _values.Add(ParquetValues.ToBoolean(value, Column));

    protected override void RemoveLastValue() => _values.RemoveAt(_values.Count - 1);

    protected override void ClearValues() => _values.Clear();

    protected override void WriteValues(IBufferWriter<byte> output)
    {
        var size = (_values.Count + 7) / 8;
        var destination = output.GetSpan(size)[..size];
        RleBitPackedHybrid.BitPack(CollectionsMarshal.AsSpan(_values), destination);
        output.Advance(size);
    }

    protected override ColumnStatistics GetStatistics(long nullCount) => _values.Count == 0
        ? new ColumnStatistics(nullCount, null, null)
        : new ColumnStatistics(nullCount, [_values.Contains(false) ? (byte)0 : (byte)1], [_values.Contains(true) ? (byte)1 : (byte)0]);
}
