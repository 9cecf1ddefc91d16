using System.Globalization;
using System.Text;
using System.Text.Json;
using B3.Core.Lake;
using B3.Testing;

namespace B3.Core.Tests.Lake;

/// <summary>Files written by <see cref="ParquetWriter"/>, read back by DuckDB (<see cref="LakeReader"/>).</summary>
public sealed class ParquetWriterTests : IDisposable
{
    private static readonly ParquetSchema EveryType = new(
    [
        ParquetColumn.Int32("id"),
        ParquetColumn.String("ticker"),
        ParquetColumn.String("name", nullable: true),
        ParquetColumn.Date("trade_date"),
        ParquetColumn.Date("expiration_date", nullable: true),
        ParquetColumn.Int32("trade_count", nullable: true),
        ParquetColumn.Int64("quantity"),
        ParquetColumn.Int64("open_interest", nullable: true),
        ParquetColumn.Double("volume", nullable: true),
        ParquetColumn.Boolean("is_option"),
        ParquetColumn.Boolean("month_start", nullable: true),
        ParquetColumn.Decimal("close", 18, 2, nullable: true),
        ParquetColumn.Decimal("factor", 9, 4),
        ParquetColumn.Decimal("notional", 38, 6, nullable: true),
        ParquetColumn.Decimal("strike", 20, 8),
        ParquetColumn.String("nothing", nullable: true),
    ]);

    private static readonly object?[][] EveryTypeRows =
    [
        [1, "PETR4", "PETROBRAS", D(2024, 12, 5), null, 12_345, 1_000L, null, 123_456.78, false, true, 38.52m, 1.0000m, 123_456_789_012_345_678_901.123456m, 12.5m, null],
        [2, "", "", D(1969, 12, 31), D(1970, 1, 1), 0, 0L, 0L, 0.0, true, false, -0.01m, -0.0001m, -123_456_789_012_345_678_901.123456m, -0.00000001m, null],
        [3, "AÇÚCAR", "São Paulo ação é", D(1900, 1, 1), D(2099, 12, 31), int.MinValue, long.MinValue, long.MaxValue, -1.5, false, null, -12_345.67m, -99_999.9999m, 0m, 0m, null],
        [4, "VALE3", null, D(1970, 1, 1), null, int.MaxValue, long.MaxValue, long.MinValue, double.NaN, true, null, 9_999_999_999_999_999.99m, 99_999.9999m, null, 999_999_999_999.99999999m, null],
        [5, "日本🦆", "ÇÃÉ'\"\\", D(1969, 1, 1), D(1969, 7, 20), null, -1L, null, null, false, false, null, 0.5m, -0.000001m, -999_999_999_999.99999999m, null],
        [6, "ITUB4", "ITAÚ UNIBANCO", D(2024, 1, 2), D(2024, 1, 2), -7, 7L, -7L, -0.0, true, true, 0m, 0m, 1m, 1m, null],
        [7, "BBDC4", "BRADESCO", D(2024, 1, 3), null, 7, -7L, 7L, 1e-300, false, false, 0.1m, 0.1234m, 0.1m, 0.1m, null],
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("b3-lake-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.Uncompressed)]
    public async Task EveryColumnTypeReadsBackExactly(ParquetCompression compression)
    {
        var file = await WriteAsync(EveryType, EveryTypeRows, new ParquetWriterOptions { Compression = compression, RowsPerRowGroup = 3 });

        var results = await LakeReader.QueryAsync(file,
        [
            "SELECT * FROM read_parquet('{file}') ORDER BY id",
            "SELECT count(DISTINCT row_group_id), max(compression) FROM parquet_metadata('{file}')",
        ]);

        var all = results[0];
        Assert.Equal(EveryType.Columns.Select(column => column.Name), all.Columns.Select(column => column.Name));
        Assert.Equal(
            ["INTEGER", "VARCHAR", "VARCHAR", "DATE", "DATE", "INTEGER", "BIGINT", "BIGINT", "DOUBLE", "BOOLEAN", "BOOLEAN",
             "DECIMAL(18,2)", "DECIMAL(9,4)", "DECIMAL(38,6)", "DECIMAL(20,8)", "VARCHAR"],
            all.Columns.Select(column => column.Type));
        Assert.Equal(EveryTypeRows.Length, all.Rows.Length);
        for (var row = 0; row < EveryTypeRows.Length; row++)
        {
            for (var column = 0; column < EveryType.Columns.Count; column++)
            {
                AssertValue(EveryType.Columns[column], EveryTypeRows[row][column], all.Rows[row][column]);
            }
        }

        Assert.Equal("3", results[1].Rows[0][0].ToString());
        Assert.Equal(compression.ToString().ToUpperInvariant(), results[1].Rows[0][1].GetString());
    }

    [Fact]
    public async Task EachLogicalTypeUsesItsDocumentedPhysicalType()
    {
        var file = await WriteAsync(EveryType, EveryTypeRows);

        var schema = await LakeReader.QueryAsync(file,
            "SELECT name, type, type_length, repetition_type, logical_type FROM parquet_schema('{file}') WHERE type IS NOT NULL");

        string[] expected =
        [
            "id INT32  REQUIRED ", "ticker BYTE_ARRAY  REQUIRED StringType()", "name BYTE_ARRAY  OPTIONAL StringType()",
            "trade_date INT32  REQUIRED DateType()", "expiration_date INT32  OPTIONAL DateType()",
            "trade_count INT32  OPTIONAL ", "quantity INT64  REQUIRED ", "open_interest INT64  OPTIONAL ",
            "volume DOUBLE  OPTIONAL ", "is_option BOOLEAN  REQUIRED ", "month_start BOOLEAN  OPTIONAL ",
            "close INT64  OPTIONAL DecimalType(scale=2, precision=18)", "factor INT32  REQUIRED DecimalType(scale=4, precision=9)",
            "notional FIXED_LEN_BYTE_ARRAY 16 OPTIONAL DecimalType(scale=6, precision=38)",
            "strike FIXED_LEN_BYTE_ARRAY 9 REQUIRED DecimalType(scale=8, precision=20)", "nothing BYTE_ARRAY  OPTIONAL StringType()",
        ];
        Assert.Equal(expected, schema.Rows.Select(row => string.Join(' ', row.Select(value => value.ToString()))));
    }

    [Fact]
    public async Task CountsAndSumsMatchTheRowsWritten()
    {
        var file = await WriteAsync(EveryType, EveryTypeRows, new ParquetWriterOptions { RowsPerRowGroup = 2 });
        var rows = EveryTypeRows;

        var sums = await LakeReader.QueryAsync(file, """
            SELECT count(*), count(name), count(expiration_date), count(nothing), sum(trade_count), sum(quantity),
                   sum(close), sum(factor), sum(notional), sum(strike), count(*) FILTER (is_option),
                   min(trade_date), max(trade_date), min(ticker), max(ticker)
            FROM read_parquet('{file}')
            """);

        string[] expected =
        [
            $"{rows.Length}", $"{rows.Count(row => row[2] is not null)}", $"{rows.Count(row => row[4] is not null)}", "0",
            Invariant(rows.Sum(row => (long?)(int?)row[5])), Invariant(rows.Aggregate((Int128)0, (sum, row) => sum + (long)row[6]!)),
            Fixed(rows.Sum(row => (decimal?)row[11]), 2), Fixed(rows.Sum(row => (decimal)row[12]!), 4),
            Fixed(rows.Sum(row => (decimal?)row[13]), 6), Fixed(rows.Sum(row => (decimal)row[14]!), 8),
            $"{rows.Count(row => (bool)row[9]!)}", "1900-01-01", "2024-12-05", "", "日本🦆",
        ];
        Assert.Equal(expected, sums.Rows[0].Select(value => value.ToString()));
    }

    [Fact]
    public async Task StatisticsNeverHideRowsFromFilters()
    {
        var file = await WriteAsync(EveryType, EveryTypeRows, new ParquetWriterOptions { RowsPerRowGroup = 2 });
        List<string> queries = [];
        List<int> expected = [];
        for (var column = 0; column < EveryType.Columns.Count; column++)
        {
            var name = EveryType.Columns[column].Name;
            foreach (var value in EveryTypeRows.Select(row => row[column]).OfType<object>().Distinct())
            {
                foreach (var (op, matches) in Comparisons(value, EveryTypeRows.Select(row => row[column]).OfType<object>()))
                {
                    queries.Add($"SELECT count(*) FROM read_parquet('{{file}}') WHERE {name} {op} {Literal(EveryType.Columns[column], value)}");
                    expected.Add(matches);
                }
            }
        }

        var results = await LakeReader.QueryAsync(file, queries);

        Assert.Equal(
            queries.Zip(expected, (sql, count) => $"{sql} → {count}"),
            queries.Zip(results, (sql, result) => $"{sql} → {result.Scalar}"));
    }

    [Fact]
    public async Task StatisticsHoldEachRowGroupsNullsAndBounds()
    {
        var file = await WriteAsync(EveryType, EveryTypeRows, new ParquetWriterOptions { RowsPerRowGroup = 4 });

        var statistics = await LakeReader.QueryAsync(file, """
            SELECT row_group_id, path_in_schema, stats_null_count, stats_min_value, stats_max_value
            FROM parquet_metadata('{file}') ORDER BY row_group_id, column_id
            """);

        // Bounds checked by hand against the rows; a chunk with NaN (volume, group 0) has none, a zero minimum is -0.0.
        string[] expected =
        [
            "0 id 0 1 4", "0 ticker 0  VALE3",
            "0 name 1  São Paulo ação é", "0 trade_date 0 1900-01-01 2024-12-05",
            "0 expiration_date 2 1970-01-01 2099-12-31", "0 trade_count 0 -2147483648 2147483647",
            "0 quantity 0 -9223372036854775808 9223372036854775807", "0 open_interest 1 -9223372036854775808 9223372036854775807",
            "0 volume 0  ", "0 is_option 0 false true",
            "0 month_start 2 false true", "0 close 0 -12345.67 9999999999999999.99",
            "0 factor 0 -99999.9999 99999.9999", "0 notional 1 -123456789012345678901.123456 123456789012345678901.123456",
            "0 strike 0 -0.00000001 999999999999.99999999", "0 nothing 4  ",
            "1 id 0 5 7", "1 ticker 0 BBDC4 日本🦆",
            "1 name 0 BRADESCO ÇÃÉ'\"\\", "1 trade_date 0 1969-01-01 2024-01-03",
            "1 expiration_date 1 1969-07-20 2024-01-02", "1 trade_count 1 -7 7",
            "1 quantity 0 -7 7", "1 open_interest 1 -7 7",
            "1 volume 1 -0.0 1e-300", "1 is_option 0 false true",
            "1 month_start 0 false true", "1 close 1 0.00 0.10",
            "1 factor 0 0.0000 0.5000", "1 notional 0 -0.000001 1.000000",
            "1 strike 0 -999999999999.99999999 1.00000000", "1 nothing 3  ",
        ];
        Assert.Equal(expected, statistics.Rows.Select(row => string.Join(' ', row.Select(value => value.ToString()))));
    }

    [Fact]
    public async Task ZeroRowsMakeAnEmptyFileWithTheSchema()
    {
        var file = await WriteAsync(EveryType, []);

        var all = await LakeReader.QueryAsync(file, "SELECT * FROM read_parquet('{file}')");

        Assert.Empty(all.Rows);
        Assert.Equal(["INTEGER", "VARCHAR"], all.Columns.Take(2).Select(column => column.Type));
        Assert.Equal("DECIMAL(38,6)", all.Columns.Single(column => column.Name == "notional").Type);
    }

    [Fact]
    public async Task ALargeFileIsWrittenInRowGroupsAndSumsMatch()
    {
        const int Rows = 300_000;
        var schema = new ParquetSchema(
        [
            ParquetColumn.String("ticker"),
            ParquetColumn.Date("trade_date"),
            ParquetColumn.Int32("trade_count"),
            ParquetColumn.Int64("quantity"),
            ParquetColumn.Double("volume"),
            ParquetColumn.Decimal("close", 18, 2, nullable: true),
            ParquetColumn.Boolean("month_start"),
            ParquetColumn.Int64("open_interest", nullable: true),
            ParquetColumn.String("note", nullable: true),
        ]);
        var first = new DateOnly(2024, 1, 1);
        var file = Path.Combine(_folder, "large.parquet");
        var (tradeCount, quantity, volume, close, closes, monthStarts) = (0L, (Int128)0, 0.0, 0m, 0, 0);
        await using (var stream = File.Create(file))
        {
            var writer = new ParquetWriter(stream, schema);
            var row = new object?[schema.Columns.Count];
            for (var i = 0; i < Rows; i++)
            {
                // Nulls scattered and in a long run that starts mid-group of 8, so both kinds of level runs occur.
                decimal? price = i % 7 == 0 || i is >= 100_003 and < 101_000 ? null : (i % 5000) * 0.01m - 10m;
                row[0] = $"T{i % 733:D4}";
                row[1] = first.AddDays(i % 366);
                row[2] = i % 1000 - 300;
                row[3] = i * 1_000_003L;
                row[4] = i * 0.5;
                row[5] = price;
                row[6] = i % 30 == 0;
                row[7] = (long)i;
                row[8] = null;
                await writer.WriteRowAsync(row, TestContext.Current.CancellationToken);
                (tradeCount, quantity, volume) = (tradeCount + (i % 1000 - 300), quantity + i * 1_000_003L, volume + i * 0.5);
                (close, closes, monthStarts) = (close + (price ?? 0m), closes + (price is null ? 0 : 1), monthStarts + (i % 30 == 0 ? 1 : 0));
            }

            await writer.CompleteAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Rows, writer.RowCount);
        }

        var results = await LakeReader.QueryAsync(file,
        [
            """
            SELECT count(*), count(close), sum(trade_count), sum(quantity), sum(volume), sum(close),
                   count(*) FILTER (month_start), count(DISTINCT ticker), min(trade_date), max(trade_date),
                   count(open_interest), sum(open_interest), count(note)
            FROM read_parquet('{file}')
            """,
            "SELECT row_group_id, row_group_num_rows FROM parquet_metadata('{file}') WHERE column_id = 0 ORDER BY row_group_id",
        ]);

        string[] expected =
        [
            $"{Rows}", $"{closes}", $"{tradeCount}", $"{quantity}", Invariant(volume), Fixed(close, 2), $"{monthStarts}",
            "733", "2024-01-01", "2024-12-31", $"{Rows}", $"{(long)Rows * (Rows - 1) / 2}", "0",
        ];
        Assert.Equal(expected, results[0].Rows[0].Select(value => value.ToString()));
        Assert.Equal(["0 65536", "1 65536", "2 65536", "3 65536", "4 37856"], results[1].Rows.Select(row => $"{row[0]} {row[1]}"));
    }

    [Fact]
    public async Task AValueItsColumnCannotHoldIsRefusedAndTheRowLeftOut()
    {
        var schema = new ParquetSchema(
        [
            ParquetColumn.String("ticker"),
            ParquetColumn.Date("trade_date"),
            ParquetColumn.Decimal("close", 18, 2, nullable: true),
            ParquetColumn.Int32("trade_count"),
        ]);
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_folder, "refused.parquet");
        await using (var stream = File.Create(file))
        {
            var writer = new ParquetWriter(stream, schema, new ParquetWriterOptions { RowsPerRowGroup = 2 });
            await writer.WriteRowAsync(["PETR4", D(2024, 12, 5), 38.52m, 1], ct);

            object?[][] refused =
            [
                ["VALE3", D(2024, 12, 5), 1.5m, null],
                ["VALE3", D(2024, 12, 5), 1.234m, 2],
                ["VALE3", D(2024, 12, 5), 10_000_000_000_000_000m, 2],
                ["VALE3", new DateTime(2024, 12, 5, 10, 30, 0), 1.5m, 2],
                ["VALE3", D(2024, 12, 5), 1.5m, 2L],
                ["VALE3", D(2024, 12, 5), 1.5m],
                [null, D(2024, 12, 5), 1.5m, 2],
            ];
            List<string> errors = [];
            foreach (var row in refused)
            {
                errors.Add((await Assert.ThrowsAnyAsync<ArgumentException>(async () => await writer.WriteRowAsync(row, ct))).Message);
            }

            Assert.StartsWith("Column 'trade_count' Int32 is not nullable.", errors[0]);
            Assert.Equal("Column 'close' Decimal(18, 2) cannot hold 1.234: it has more than 2 decimal places.", errors[1]);
            Assert.Equal("Column 'close' Decimal(18, 2) cannot hold 10000000000000000: it has more than 16 integer digits.", errors[2]);
            Assert.StartsWith("Column 'trade_date' Date cannot hold DateTime value", errors[3]);
            Assert.Equal("Column 'trade_count' Int32 cannot hold Int64 value 2.", errors[4]);

            await writer.WriteRowAsync(["ITUB4", new DateTime(2024, 12, 6), DBNull.Value, (short)3], ct);
            await writer.WriteRowAsync(["BBDC4", D(2024, 12, 6), 99_999_999_999_999_999L / 100, 4], ct);
            await writer.CompleteAsync(ct);

            Assert.Equal(3, writer.RowCount);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteRowAsync(["X", D(2024, 1, 1), null, 1], ct));
        }

        var all = await LakeReader.QueryAsync(file, "SELECT * FROM read_parquet('{file}')");

        Assert.Equal(
            ["PETR4 2024-12-05 38.52 1", "ITUB4 2024-12-06  3", "BBDC4 2024-12-06 999999999999999.00 4"],
            all.Rows.Select(row => string.Join(' ', row.Select(value => value.ToString()))));
    }

    [Fact]
    public void ASchemaRefusesWhatParquetCannotDescribe()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParquetColumn.Decimal("close", 39, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParquetColumn.Decimal("close", 4, 5));
        Assert.Throws<ArgumentException>(() => ParquetColumn.String(" "));
        Assert.Throws<ArgumentException>(() => new ParquetSchema([]));
        Assert.Throws<ArgumentException>(() => new ParquetSchema([ParquetColumn.String("ticker"), ParquetColumn.Date("Ticker")]));
    }

    [Fact]
    public async Task AFileIsReadableOnlyOnceCompleted()
    {
        var file = Path.Combine(_folder, "abandoned.parquet");
        await using (var stream = File.Create(file))
        {
            var writer = new ParquetWriter(stream, EveryType, new ParquetWriterOptions { RowsPerRowGroup = 2 });
            foreach (var row in EveryTypeRows)
            {
                await writer.WriteRowAsync(row, TestContext.Current.CancellationToken);
            }
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LakeReader.QueryAsync(file, "SELECT count(*) FROM read_parquet('{file}')"));
        Assert.Contains("No magic bytes found at end of file", error.Message, StringComparison.Ordinal);
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static string Invariant(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Fixed(decimal? value, int scale) => value?.ToString("F" + scale, CultureInfo.InvariantCulture) ?? "";

    private async Task<string> WriteAsync(ParquetSchema schema, IEnumerable<object?[]> rows, ParquetWriterOptions? options = null)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.parquet");
        await using var stream = File.Create(file);
        var writer = new ParquetWriter(stream, schema, options);
        foreach (var row in rows)
        {
            await writer.WriteRowAsync(row, TestContext.Current.CancellationToken);
        }

        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        return file;
    }

    private static void AssertValue(ParquetColumn column, object? expected, JsonElement actual)
    {
        switch (expected)
        {
            case null:
                Assert.Equal(JsonValueKind.Null, actual.ValueKind);
                break;
            case double number when double.IsNaN(number):
                Assert.Equal("NaN", actual.GetString());
                break;
            case double number:
                Assert.Equal(number, actual.GetDouble());
                break;
            case int number:
                Assert.Equal(number, actual.GetInt32());
                break;
            case bool flag:
                Assert.Equal(flag, actual.GetBoolean());
                break;
            case DateOnly date:
                Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), actual.GetString());
                break;
            case decimal number:
                Assert.Equal(Fixed(number, column.Scale), actual.GetString());
                break;
            default:
                Assert.Equal(Convert.ToString(expected, CultureInfo.InvariantCulture), actual.GetString());
                break;
        }
    }

    /// <summary>Filters around a value and how many of the values match each, in DuckDB's order (NaN above all).</summary>
    private static IEnumerable<(string Operator, int Matches)> Comparisons(object value, IEnumerable<object> values)
    {
        var all = values.ToList();
        static int Compare(object left, object right) => (left, right) switch
        {
            (string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)),
            (double a, double b) when double.IsNaN(a) || double.IsNaN(b) => double.IsNaN(a).CompareTo(double.IsNaN(b)),
            _ => Comparer<object>.Default.Compare(left, right),
        };

        yield return ("=", all.Count(other => Compare(other, value) == 0));
        yield return ("<", all.Count(other => Compare(other, value) < 0));
        yield return (">", all.Count(other => Compare(other, value) > 0));
    }

    private static string Literal(ParquetColumn column, object value) => value switch
    {
        string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        DateOnly date => $"DATE '{date:yyyy-MM-dd}'",
        double number => $"CAST('{number.ToString("R", CultureInfo.InvariantCulture)}' AS DOUBLE)",
        bool flag => flag ? "true" : "false",
        decimal number => $"CAST('{number.ToString(CultureInfo.InvariantCulture)}' AS DECIMAL({column.Precision},{column.Scale}))",
        long number => $"CAST('{number}' AS BIGINT)",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
