using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Csv;

/// <summary>A table column and the header names B3 gives it, the current name first.</summary>
internal sealed record CsvColumn(string Name, ColumnType Type, params string[] Headers)
{
    public static TableSchema Schema(string table, string dateColumn, IEnumerable<CsvColumn> columns) =>
        new(table, dateColumn, [.. columns.Select(column => new TableColumn(column.Name, column.Type))]);
}
