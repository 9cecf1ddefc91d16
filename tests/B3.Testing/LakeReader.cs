using System.Text.Json;
namespace B3.Testing;

/// <summary>
/// Reads Parquet files with DuckDB, an independent reader: <c>tests/lake-reader/read-parquet.mjs</c> under Node, its
/// npm packages installed once (test processes running side by side take turns through a file lock).
/// </summary>
public static class LakeReader
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "lake-reader");

    public static async Task<LakeResult> QueryAsync(string file, string sql) => (await QueryAsync(file, [sql]))[0];

    /// <summary>Runs each query, <c>{file}</c> standing for the file, in one DuckDB process.</summary>
    public static async Task<IReadOnlyList<LakeResult>> QueryAsync(string file, IReadOnlyList<string> queries)
    {
        await NodeScripts.EnsureInstalledAsync(Folder);
        List<string> arguments = [Path.Combine(Folder, "read-parquet.mjs"), file];
        foreach (var sql in queries)
        {
            arguments.AddRange(["--sql", sql]);
        }

        var output = await ChildProcess.RunAsync("node", arguments, Folder);
        return JsonSerializer.Deserialize<LakeResult[]>(output, JsonSerializerOptions.Web)!;
    }
}

/// <summary>One query's result as read-parquet.mjs prints it: DuckDB's column names and types, rows of JSON values.</summary>
public sealed record LakeResult(LakeColumn[] Columns, JsonElement[][] Rows)
{
    /// <summary>The only value of a one-row, one-column result, as its JSON text (decimals and BIGINTs are strings).</summary>
    public string Scalar => Rows is [[var value]] ? value.ToString() : throw new InvalidOperationException($"Not one value: {Rows.Length} rows.");
}

public sealed record LakeColumn(string Name, string Type);
