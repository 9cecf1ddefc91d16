using System.Globalization;
using B3.Core.Datasets;
using Npgsql;

namespace B3.Processor.Loading;

/// <summary>
/// Replaces a whole partition inside the load's transaction, the way bulk loaders do, when a file's dates are exactly
/// one partition's range (a yearly COTAHIST and its year): the rows go into a fresh table with no index (COPY FREEZE,
/// checked against the partition's bounds by a constraint made with it), the partition's indexes are then built from
/// the rows in one sorted pass each, and the fresh table takes the old partition's place and names. Readers see the
/// old partition until the transaction commits, and the swap holds its exclusive lock on the parent table only for
/// those last statements.
/// </summary>
internal sealed class PartitionReplacement
{
    /// <summary>For the index builds, each of which sorts the year's keys (a session setting, not the server's).</summary>
    private const string IndexBuildMemory = "256MB";

    private readonly NpgsqlConnection _connection;
    private readonly string _schema;
    private readonly string _partition;
    private readonly string _parent;
    private readonly string _bounds;

    private PartitionReplacement(NpgsqlConnection connection, string schema, string parent, string partition, string bounds) =>
        (_connection, _schema, _parent, _partition, _bounds) = (connection, schema, parent, partition, bounds);

    /// <summary>The table the rows are copied into, e.g. <c>b3.daily_quotes_2024_next</c>.</summary>
    public string Table => Qualified(Next(_partition));

    /// <summary>
    /// The replacement of the partition of <paramref name="table"/> whose range is exactly the key's dates; null when
    /// the table is not partitioned or no partition has that range (a daily file, which replaces rows instead).
    /// </summary>
    public static async Task<PartitionReplacement?> FindAsync(NpgsqlConnection connection, string table, ObjectKey key, CancellationToken cancellationToken)
    {
        var bounds = string.Create(CultureInfo.InvariantCulture, $"FOR VALUES FROM ('{key.From:yyyy-MM-dd}') TO ('{key.To.AddDays(1):yyyy-MM-dd}')");
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, parent.relname, c.relname
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class parent ON parent.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) = $2
            """, connection);
        command.Parameters.Add(new() { Value = table });
        command.Parameters.Add(new() { Value = bounds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PartitionReplacement(connection, reader.GetString(0), reader.GetString(1), reader.GetString(2), bounds)
            : null;
    }

    /// <summary>Creates <see cref="Table"/>: the parent's columns and defaults, and a constraint that holds its rows to the partition's range.</summary>
    public async Task CreateTableAsync(string dateColumn, ObjectKey key, CancellationToken cancellationToken)
    {
        var next = Next(_partition);
        await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            CREATE TABLE {Qualified(next)} (
                LIKE {Qualified(_parent)} INCLUDING DEFAULTS,
                CONSTRAINT {next}_bounds CHECK ({dateColumn} >= '{key.From:yyyy-MM-dd}' AND {dateColumn} < '{key.To.AddDays(1):yyyy-MM-dd}')
            )
            """), cancellationToken);
    }

    /// <summary>
    /// Builds on <see cref="Table"/> every index the old partition has (its primary key as a primary key), then puts the
    /// table in the partition's place under its name, and drops the old one.
    /// </summary>
    public async Task SwapAsync(CancellationToken cancellationToken)
    {
        var indexes = await ReadIndexesAsync(cancellationToken);
        await ExecuteAsync($"SET LOCAL maintenance_work_mem = '{IndexBuildMemory}'", cancellationToken);
        foreach (var index in indexes)
        {
            await ExecuteAsync(index.Definition.Replace(
                $" INDEX {index.Name} ON {Qualified(_partition)} ",
                $" INDEX {Next(index.Name)} ON {Qualified(Next(_partition))} ",
                StringComparison.Ordinal), cancellationToken);
            if (index.Constraint is { } constraint)
            {
                await ExecuteAsync($"ALTER TABLE {Qualified(Next(_partition))} ADD CONSTRAINT {Next(constraint)} {index.ConstraintKind} USING INDEX {Next(index.Name)}", cancellationToken);
            }
        }

        await ExecuteAsync($"ALTER TABLE {Qualified(_parent)} DETACH PARTITION {Qualified(_partition)}", cancellationToken);
        await ExecuteAsync($"ALTER TABLE {Qualified(_parent)} ATTACH PARTITION {Qualified(Next(_partition))} {_bounds}", cancellationToken);
        await ExecuteAsync($"DROP TABLE {Qualified(_partition)}", cancellationToken);
        await ExecuteAsync($"ALTER TABLE {Qualified(Next(_partition))} RENAME TO {_partition}", cancellationToken);
        await ExecuteAsync($"ALTER TABLE {Qualified(_partition)} DROP CONSTRAINT {Next(_partition)}_bounds", cancellationToken);
        foreach (var index in indexes)
        {
            await ExecuteAsync(index.Constraint is { } constraint
                ? $"ALTER TABLE {Qualified(_partition)} RENAME CONSTRAINT {Next(constraint)} TO {constraint}"
                : $"ALTER INDEX {Qualified(Next(index.Name))} RENAME TO {index.Name}", cancellationToken);
        }
    }

    private static string Next(string name) => name + "_next";

    private string Qualified(string name) => $"{_schema}.{name}";

    private async Task<List<PartitionIndex>> ReadIndexesAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.relname, pg_get_indexdef(i.oid), con.conname,
                   CASE con.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u')
            WHERE x.indrelid = $1::regclass
            ORDER BY x.indisprimary DESC, i.relname
            """, _connection);
        command.Parameters.Add(new() { Value = Qualified(_partition) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var indexes = new List<PartitionIndex>();
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add(new PartitionIndex(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return indexes;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PartitionIndex(string Name, string Definition, string? Constraint, string? ConstraintKind);
}
