using System.Globalization;
using B3.Core.Datasets;
using B3.Processor.Loading;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Common;
using B3.Testing;

namespace B3.Processor.Tests.Loading;

/// <summary>
/// The binary COPY the loader writes by hand, read back by PostgreSQL itself: every value comes out as the text
/// PostgreSQL prints for the value written, nulls included.
/// </summary>
public sealed class BinaryCopyTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly TableSchema Schema = new(
        "copied",
        "day",
        new TableColumn("day", ColumnType.Date),
        new TableColumn("amount", ColumnType.Numeric),
        new TableColumn("count", ColumnType.Integer),
        new TableColumn("total", ColumnType.Bigint),
        new TableColumn("name", ColumnType.Text),
        new TableColumn("flag", ColumnType.Boolean));

    private static readonly ObjectKey Key = ObjectKeyOf("b3/cotahist/2024-11-08.zip");

    public static TheoryData<string> Decimals =>
    [
        "0", "0.00", "36.18", "-0.01", "0.0001", "10000", "10000.5", "123456789012.345678", "-987654321.1",
        "0.000001", "1E-28", decimal.MaxValue.ToString(CultureInfo.InvariantCulture), decimal.MinValue.ToString(CultureInfo.InvariantCulture),
    ];

    [Theory]
    [MemberData(nameof(Decimals))]
    public async Task ADecimalIsTheSameNumberInPostgres(string value)
    {
        var number = decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var stored = await CopyOneAsync(row => row.SetNumeric(1, number));
        Assert.Equal(number.ToString(CultureInfo.InvariantCulture), stored["amount"]);
    }

    [Theory]
    [InlineData(3585L, (byte)2, "35.85")]
    [InlineData(-5L, (byte)3, "-0.005")]
    [InlineData(0L, (byte)2, "0.00")]
    [InlineData(120000L, (byte)4, "12.0000")]
    [InlineData(long.MaxValue, (byte)6, "9223372036854.775807")]
    [InlineData(long.MinValue, (byte)0, "-9223372036854775808")]
    public async Task DigitsAndAScaleAreTheirNumberInPostgres(long unscaled, byte scale, string expected)
    {
        var stored = await CopyOneAsync(row => row.SetNumeric(1, unscaled, scale));
        Assert.Equal(expected, stored["amount"]);
    }

    [Fact]
    public async Task EveryOtherTypeAndNullsComeBackAsWritten()
    {
        var stored = await CopyOneAsync(row =>
        {
            row.SetInteger(2, int.MinValue);
            row.SetInteger(3, long.MaxValue);
            row.SetText(4, "PETROBRAS PN N2 çãé");
            row.SetBoolean(5, true);
        });
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["day"] = "2024-11-08", ["amount"] = null, ["count"] = "-2147483648", ["total"] = "9223372036854775807",
                ["name"] = "PETROBRAS PN N2 çãé", ["flag"] = "true",
            },
            stored);
    }

    [Fact]
    public async Task ARowDatedOutsideTheKeysDateFailsTheFile()
    {
        var error = await Assert.ThrowsAsync<InvalidFileException>(() => CopyOneAsync(row => row.SetDate(0, new DateOnly(2024, 11, 7))));
        Assert.Contains("2024-11-07", error.Message, StringComparison.Ordinal);
        Assert.Contains(Key.Key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>COPYs one row dated the key's day, filled by <paramref name="fill"/>, and reads it back as PostgreSQL prints it.</summary>
    private async Task<Dictionary<string, string?>> CopyOneAsync(Action<RowBuffer> fill)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await fixture.DataSource.OpenConnectionAsync(ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TEMP TABLE copied (object_key text, etag text, day date, amount numeric, count integer, total bigint, name text, flag boolean)
                """;
            await create.ExecuteNonQueryAsync(ct);
        }

        var row = new RowBuffer(Schema, Schema.ColumnNames);
        row.Clear();
        row.SetDate(0, Key.From);
        fill(row);
        await using (var copy = await connection.BeginRawBinaryCopyAsync(
            $"COPY copied (object_key, etag, {string.Join(", ", Schema.ColumnNames)}) FROM STDIN (FORMAT BINARY)", ct))
        {
            using var target = new CopyRowTarget(copy, Key, "etag-1", Schema.Columns.Count, Schema.DateIndex);
            try
            {
                target.WriteRow(row.Values);
                target.Complete();
            }
            catch (InvalidFileException)
            {
                await copy.CancelAsync();
                throw;
            }
        }

        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT object_key, etag, {string.Join(", ", Schema.ColumnNames.Select(name => $"{name}::text"))} FROM copied";
        await using var reader = await select.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal((Key.Key, "etag-1"), (reader.GetString(0), reader.GetString(1)));
        return Schema.ColumnNames.Select((name, index) => (name, value: reader.IsDBNull(index + 2) ? null : reader.GetString(index + 2)))
            .ToDictionary(pair => pair.name, pair => pair.value);
    }

    private static ObjectKey ObjectKeyOf(string key) => new ObjectKeys().TryParse(key, out var parsed) ? parsed : throw new ArgumentException(key);
}
