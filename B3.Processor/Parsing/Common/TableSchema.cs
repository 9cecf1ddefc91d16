namespace B3.Processor.Parsing.Common;

internal sealed record TableColumn(string Name, ColumnType Type);

/// <summary>The columns a parser writes to its table, in the order it writes them.</summary>
internal sealed class TableSchema
{
    private readonly Dictionary<string, int> _indexes;

    public TableSchema(string table, string dateColumn, params TableColumn[] columns)
    {
        Table = table;
        Columns = columns;
        ColumnNames = [.. columns.Select(column => column.Name)];
        _indexes = columns.Select((column, index) => (column.Name, index)).ToDictionary(pair => pair.Name, pair => pair.index, StringComparer.Ordinal);
        DateColumn = dateColumn;
        DateIndex = IndexOf(dateColumn);
    }

    public string Table { get; }

    public string DateColumn { get; }

    public int DateIndex { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    public int IndexOf(string column) =>
        _indexes.TryGetValue(column, out var index) ? index : throw new ArgumentException($"{Table} has no column {column}.", nameof(column));
}
