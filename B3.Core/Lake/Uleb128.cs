using System.Buffers;

namespace B3.Core.Lake;

/// <summary>Unsigned LEB128 ("varint"): 7 bits a byte, least significant first, the high bit set on all but the last.</summary>
internal static class Uleb128
{
    public static void Write(IBufferWriter<byte> output, ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var length = 0;
        while (value >= 0x80)
        {
            bytes[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[length++] = (byte)value;
        output.Write(bytes[..length]);
    }
}
