namespace B3.Core.Lake;

/// <summary>Where one column chunk (here a single data page) of a row group lies and what it holds.</summary>
internal sealed record ColumnChunkMetadata(
    long DataPageOffset, long ValueCount, long UncompressedSize, long CompressedSize, ColumnStatistics Statistics);

/// <summary>A written row group: its first byte, its rows and its column chunks in schema order.</summary>
internal sealed record RowGroupMetadata(long FileOffset, long RowCount, IReadOnlyList<ColumnChunkMetadata> Columns);
