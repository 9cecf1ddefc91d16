namespace B3.Core.Lake;

/// <summary>What a Parquet column holds; <see cref="ParquetColumn"/> says how each is stored.</summary>
public enum ParquetColumnType
{
    String,
    Date,
    Int32,
    Int64,
    Double,
    Boolean,
    Decimal,
}
