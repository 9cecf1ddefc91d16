namespace B3.Processor.Parsing.Common;

internal static class ByteOrderMark
{
    public static ReadOnlySpan<byte> Utf8 => [0xEF, 0xBB, 0xBF];
}
