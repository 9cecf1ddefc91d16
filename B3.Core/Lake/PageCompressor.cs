using System.IO.Compression;

namespace B3.Core.Lake;

/// <summary>Compresses a page body with the file's codec: Snappy's raw block format, or a GZIP member.</summary>
internal static class PageCompressor
{
    public static ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> page, ParquetCompression compression) => compression switch
    {
        ParquetCompression.Uncompressed => page,
        ParquetCompression.Snappy => IronSnappy.Snappy.Encode(page.Span),
        ParquetCompression.Gzip => Gzip(page.Span),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown Parquet compression."),
    };

    private static ReadOnlyMemory<byte> Gzip(ReadOnlySpan<byte> page)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(page);
        }

        return compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
    }
}
