using Npgsql;
using NpgsqlTypes;

namespace B3.Processor.Tests.Parsing;

/// <summary>The parsers against the real schema (0002_market_data.sql): the loader's COPY of what they write must succeed.</summary>
public sealed class ParserSchemaTests(ProcessorFixture fixture) : IClassFixture<ProcessorFixture>
{
    private static readonly string[] LoaderColumns = ["object_key", "etag"];

    [Theory]
    [MemberData(nameof(ParserCatalog.ParserNames), MemberType = typeof(ParserCatalog))]
    public async Task EveryParserWritesEveryColumnOfItsTableButTheLoaders(string parserName)
    {
        var parser = ParserCatalog.Named(parserName);
        var (schema, table) = (parser.Table.Split('.')[0], parser.Table.Split('.')[1]);

        var columns = await QueryNamesAsync("SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2", schema, table);

        Assert.Equal(columns.Order(StringComparer.Ordinal), LoaderColumns.Concat(parser.Columns).Order(StringComparer.Ordinal));
        Assert.Contains(parser.DateColumn, parser.Columns);
    }

    [Theory]
    [MemberData(nameof(ParserCatalog.Files), MemberType = typeof(ParserCatalog))]
    public async Task EveryParsedRowCopiesIntoItsTable(string parserName, string key, string fixtureName)
    {
        var ct = TestContext.Current.CancellationToken;
        var parser = ParserCatalog.Named(parserName);
        var parsed = RecordingRowTarget.Parse(parser, key, FixtureFiles.Bytes(fixtureName));
        await using var connection = await fixture.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {parser.Table} ({string.Join(", ", LoaderColumns.Concat(parser.Columns))}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in parsed.TypedRows)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(key, NpgsqlDbType.Text, ct);
                await importer.WriteAsync("etag", NpgsqlDbType.Text, ct);
                foreach (var (value, type) in row)
                {
                    await (type is { } dbType ? importer.WriteAsync(value, dbType, ct) : importer.WriteNullAsync(ct));
                }
            }

            Assert.Equal((ulong)parsed.TypedRows.Count, await importer.CompleteAsync(ct));
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {parser.Table} WHERE object_key = $1", connection, transaction);
        count.Parameters.Add(new() { Value = key });
        Assert.Equal((long)parsed.TypedRows.Count, await count.ExecuteScalarAsync(ct));
        await transaction.RollbackAsync(ct);
    }

    [Fact]
    public async Task DailyQuotesArePartitionedByYear()
    {
        var partitions = await QueryNamesAsync(
            "SELECT child.relname::text FROM pg_inherits JOIN pg_class child ON child.oid = inhrelid WHERE inhparent = 'b3.daily_quotes'::regclass");

        Assert.Equal(Enumerable.Range(1986, 2030 - 1986 + 1).Select(year => $"daily_quotes_{year}").Append("daily_quotes_default").Order(StringComparer.Ordinal), partitions.Order(StringComparer.Ordinal));
    }

    private async Task<List<string>> QueryNamesAsync(string sql, params string[] parameters)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
