using System.Buffers;

namespace B3.Core.Lake;

/// <summary>
/// Parquet's RLE/bit-packing hybrid at bit width 1, for definition levels: a run of 8 or more equal levels becomes one
/// RLE run, the rest bit-packed runs of whole groups of 8 (only the last may be padded, where the value count ends it).
/// </summary>
internal static class RleBitPackedHybrid
{
    private const int Group = 8;

    public static void Write(ReadOnlySpan<bool> values, IBufferWriter<byte> output)
    {
        var i = 0;
        while (i < values.Length)
        {
            var run = RunLength(values, i);
            if (run >= Group)
            {
                Uleb128.Write(output, (uint)run << 1);
                output.Write([values[i] ? (byte)1 : (byte)0]);
                i += run;
                continue;
            }

            var start = i;
            do
            {
                i += Group;
            }
            while (i < values.Length && RunLength(values, i) < Group);

            var groups = (i - start) / Group;
            Uleb128.Write(output, ((uint)groups << 1) | 1);
            var packed = output.GetSpan(groups)[..groups];
            BitPack(values[start..Math.Min(i, values.Length)], packed);
            output.Advance(groups);
        }
    }

    /// <summary>One bit per value, least significant bit first; bits past the values stay 0.</summary>
    public static void BitPack(ReadOnlySpan<bool> values, Span<byte> destination)
    {
        destination.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                destination[i / 8] |= (byte)(1 << (i % 8));
            }
        }
    }

    private static int RunLength(ReadOnlySpan<bool> values, int start)
    {
        var end = start + 1;
        while (end < values.Length && values[end] == values[start])
        {
            end++;
        }

        return end - start;
    }
}
