namespace B3.Core.Lake;

/// <summary>How data pages are compressed; the values are Parquet's own codec numbers, written as they are.</summary>
public enum ParquetCompression
{
    Uncompressed = 0,
    Snappy = 1,
    Gzip = 2,
}
