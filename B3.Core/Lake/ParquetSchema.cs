namespace B3.Core.Lake;

/// <summary>The flat list of columns of a Parquet file, in the order rows give their values.</summary>
public sealed class ParquetSchema
{
    public ParquetSchema(IReadOnlyList<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A Parquet schema needs at least one column.", nameof(columns));
        }

        // Names compared as SQL engines do (DuckDB, Athena): case-insensitively.
        var repeated = columns.GroupBy(column => column.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(names => names.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Column '{repeated.Key}' appears more than once.", nameof(columns));
        }

        Columns = [.. columns];
    }

    public IReadOnlyList<ParquetColumn> Columns { get; }
}
