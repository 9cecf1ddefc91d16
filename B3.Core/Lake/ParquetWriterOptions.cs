namespace B3.Core.Lake;

public sealed record ParquetWriterOptions
{
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Rows buffered before a row group is written: what bounds the writer's memory.</summary>
    public int RowsPerRowGroup { get; init; } = 65_536;
}
