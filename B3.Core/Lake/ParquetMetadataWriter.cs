using System.Buffers;
using static B3.Core.Lake.ThriftCompactWriter;

namespace B3.Core.Lake;

/// <summary>
/// Serializes the Thrift structs of parquet.thrift that this writer produces: a v1 data page's PageHeader and the
/// footer's FileMetaData. Field numbers are parquet.thrift's, named in the comments.
/// </summary>
internal static class ParquetMetadataWriter
{
    public const string CreatedBy = "b3-pipeline";

    private const int DataPage = 0;
    private const int PlainEncoding = 0;
    private const int RleEncoding = 3;

    public static void WriteDataPageHeader(IBufferWriter<byte> output, int uncompressedSize, int compressedSize, int valueCount)
    {
        var thrift = new ThriftCompactWriter(output);
        thrift.BeginStruct();
        thrift.WriteI32(1, DataPage); // type
        thrift.WriteI32(2, uncompressedSize); // uncompressed_page_size
        thrift.WriteI32(3, compressedSize); // compressed_page_size
        thrift.BeginStruct(5); // data_page_header
        thrift.WriteI32(1, valueCount); // num_values, nulls included
        thrift.WriteI32(2, PlainEncoding); // encoding
        thrift.WriteI32(3, RleEncoding); // definition_level_encoding
        thrift.WriteI32(4, RleEncoding); // repetition_level_encoding
        thrift.EndStruct();
        thrift.EndStruct();
    }

    public static void WriteFileMetaData(
        IBufferWriter<byte> output, ParquetSchema schema, long rowCount, IReadOnlyList<RowGroupMetadata> rowGroups, ParquetCompression compression)
    {
        var thrift = new ThriftCompactWriter(output);
        thrift.BeginStruct();
        thrift.WriteI32(1, 1); // version
        thrift.WriteListHeader(2, ThriftType.Struct, schema.Columns.Count + 1); // schema: the root, then the leaves
        thrift.BeginStruct();
        thrift.WriteString(4, "schema"); // name
        thrift.WriteI32(5, schema.Columns.Count); // num_children
        thrift.EndStruct();
        foreach (var column in schema.Columns)
        {
            WriteSchemaElement(thrift, column);
        }

        thrift.WriteI64(3, rowCount); // num_rows
        thrift.WriteListHeader(4, ThriftType.Struct, rowGroups.Count); // row_groups
        foreach (var rowGroup in rowGroups)
        {
            WriteRowGroup(thrift, schema, rowGroup, compression);
        }

        thrift.WriteString(6, CreatedBy); // created_by
        thrift.WriteListHeader(7, ThriftType.Struct, schema.Columns.Count); // column_orders: the statistics' order
        foreach (var _ in schema.Columns)
        {
            thrift.BeginStruct();
            thrift.WriteEmptyStruct(1); // TYPE_ORDER
            thrift.EndStruct();
        }

        thrift.EndStruct();
    }

    private static void WriteSchemaElement(ThriftCompactWriter thrift, ParquetColumn column)
    {
        // ConvertedType for older readers, and the LogicalType union's member: STRING = 1, DECIMAL = 5, DATE = 6.
        var (convertedType, logicalType) = column.Type switch
        {
            ParquetColumnType.String => (0, 1),
            ParquetColumnType.Decimal => (5, 5),
            ParquetColumnType.Date => (6, 6),
            _ => (-1, -1),
        };
        var isDecimal = column.Type == ParquetColumnType.Decimal;

        thrift.BeginStruct();
        thrift.WriteI32(1, (int)column.PhysicalType); // type
        if (column.PhysicalType == ParquetPhysicalType.FixedLenByteArray)
        {
            thrift.WriteI32(2, column.TypeLength); // type_length
        }

        thrift.WriteI32(3, column.Nullable ? 1 : 0); // repetition_type: OPTIONAL or REQUIRED
        thrift.WriteString(4, column.Name); // name
        if (logicalType >= 0)
        {
            thrift.WriteI32(6, convertedType); // converted_type
            if (isDecimal)
            {
                thrift.WriteI32(7, column.Scale); // scale
                thrift.WriteI32(8, column.Precision); // precision
            }

            thrift.BeginStruct(10); // logicalType
            thrift.BeginStruct((short)logicalType);
            if (isDecimal)
            {
                thrift.WriteI32(1, column.Scale); // scale
                thrift.WriteI32(2, column.Precision); // precision
            }

            thrift.EndStruct();
            thrift.EndStruct();
        }

        thrift.EndStruct();
    }

    private static void WriteRowGroup(ThriftCompactWriter thrift, ParquetSchema schema, RowGroupMetadata rowGroup, ParquetCompression compression)
    {
        thrift.BeginStruct();
        thrift.WriteListHeader(1, ThriftType.Struct, rowGroup.Columns.Count); // columns
        for (var i = 0; i < rowGroup.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            var chunk = rowGroup.Columns[i];
            thrift.BeginStruct();
            thrift.WriteI64(2, 0); // file_offset: 0 as the format asks when no metadata lies outside the footer
            thrift.BeginStruct(3); // meta_data
            thrift.WriteI32(1, (int)column.PhysicalType); // type
            thrift.WriteListHeader(2, ThriftType.I32, column.Nullable ? 2 : 1); // encodings
            thrift.WriteI32(PlainEncoding);
            if (column.Nullable)
            {
                thrift.WriteI32(RleEncoding);
            }

            thrift.WriteListHeader(3, ThriftType.Binary, 1); // path_in_schema
            thrift.WriteString(column.Name);
            thrift.WriteI32(4, (int)compression); // codec
            thrift.WriteI64(5, chunk.ValueCount); // num_values
            thrift.WriteI64(6, chunk.UncompressedSize); // total_uncompressed_size
            thrift.WriteI64(7, chunk.CompressedSize); // total_compressed_size
            thrift.WriteI64(9, chunk.DataPageOffset); // data_page_offset
            WriteStatistics(thrift, chunk.Statistics);
            thrift.EndStruct();
            thrift.EndStruct();
        }

        thrift.WriteI64(2, rowGroup.Columns.Sum(chunk => chunk.UncompressedSize)); // total_byte_size
        thrift.WriteI64(3, rowGroup.RowCount); // num_rows
        thrift.WriteI64(5, rowGroup.FileOffset); // file_offset
        thrift.WriteI64(6, rowGroup.Columns.Sum(chunk => chunk.CompressedSize)); // total_compressed_size
        thrift.EndStruct();
    }

    private static void WriteStatistics(ThriftCompactWriter thrift, ColumnStatistics statistics)
    {
        thrift.BeginStruct(12); // statistics
        thrift.WriteI64(3, statistics.NullCount); // null_count
        if (statistics is { Min: { } min, Max: { } max })
        {
            thrift.WriteBinary(5, max); // max_value
            thrift.WriteBinary(6, min); // min_value
        }

        if (statistics.NanCount is { } nanCount)
        {
            thrift.WriteI64(9, nanCount); // nan_count
        }

        thrift.EndStruct();
    }
}
