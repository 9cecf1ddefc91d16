namespace B3.Core.Lake;

/// <summary>Parquet's storage types (the numbers of its <c>Type</c> enum) that this writer uses.</summary>
internal enum ParquetPhysicalType
{
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    Double = 5,
    ByteArray = 6,
    FixedLenByteArray = 7,
}
