using DuckDB.NET.Data;

namespace B3.Testing;

/// <summary>Reads Parquet files with DuckDB, in process: a reader independent of the library that wrote them.</summary>
public static class LakeReader
{
    /// <summary>Every row of <paramref name="sql"/>, in which <c>{file}</c> stands for the file's path.</summary>
    public static async Task<List<object?[]>> QueryAsync(string file, string sql)
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{file}", file.Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
