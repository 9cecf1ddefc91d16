using System.Globalization;

namespace B3.Processor.Tests.Loading;

/// <summary>
/// A yearly COTAHIST replaces its year's partition whole (a fresh table, indexes built after the rows, swapped in):
/// the year holds exactly the file's rows, other years are untouched, the partition keeps its name, bounds and indexes,
/// and a file that fails changes nothing.
/// </summary>
public sealed class YearlyLoadTests(LoadingFixture fixture) : IClassFixture<LoadingFixture>
{
    private const string YearKey = "b3/cotahist/2019.zip";
    private const string Partition = "daily_quotes_2019";
    private static readonly string DailyText = Path.Combine(AppContext.BaseDirectory, "Fixtures", "COTAHIST_D25062021.TXT");
    private static readonly int QuotesPerDay = File.ReadLines(DailyText).Count(line => line.StartsWith("01", StringComparison.Ordinal));

    [Fact]
    public async Task AYearlyFileReplacesItsYearWholeAndThePartitionKeepsItsNameBoundsAndIndexes()
    {
        Assert.Equal("succeeded", (await fixture.LoadAsync("b3/cotahist/2019-03-01.zip", DailyOn(new DateOnly(2019, 3, 1)))).Status);
        Assert.Equal("succeeded", (await fixture.LoadAsync("b3/cotahist/2020-01-02.zip", DailyOn(new DateOnly(2020, 1, 2)))).Status);
        var partitionBefore = await DescribePartitionAsync();
        var tableBefore = await PartitionOidAsync();

        var first = await fixture.LoadAsync(YearKey, Yearly(new DateOnly(2019, 6, 3), new DateOnly(2019, 6, 4)));
        var second = await fixture.LoadAsync(YearKey, Yearly(new DateOnly(2019, 6, 5)));

        Assert.Equal(("succeeded", 2L * QuotesPerDay), (first.Status, first.RowsLoaded));
        Assert.Equal(("succeeded", (long)QuotesPerDay), (second.Status, second.RowsLoaded));
        Assert.Equal(
            [$"2019-06-05 {QuotesPerDay} {YearKey} {second.ETag}", $"2020-01-02 {QuotesPerDay} b3/cotahist/2020-01-02.zip"],
            await RowsByDateAsync());
        Assert.Equal(partitionBefore, await DescribePartitionAsync());
        Assert.NotEqual(tableBefore, await PartitionOidAsync());
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_next%'"));
        Assert.Equal(
            ["2019-06-05", "2020-01-02"],
            await fixture.ListAsync<string>("SELECT DISTINCT trade_date::text FROM b3.daily_summary WHERE trade_date >= '2019-01-01' ORDER BY 1"));
    }

    [Fact]
    public async Task AYearlyFileThatFailsLeavesItsYearAsItWas()
    {
        Assert.Equal("succeeded", (await fixture.LoadAsync("b3/cotahist/2018.zip", Yearly(new DateOnly(2018, 5, 2)))).Status);
        var before = await fixture.ScalarAsync<string>(
            "SELECT md5(string_agg(concat_ws('|', ticker, market_type, term_days, close, etag), ',' ORDER BY ticker, market_type, term_days)) FROM b3.daily_quotes_2018");

        // The trailer counts one record more than the file has: the file is cut short, and fails whole.
        var truncated = Yearly([new DateOnly(2018, 5, 3), new DateOnly(2018, 5, 4)], trailerExtra: 1);
        var job = await fixture.LoadAsync("b3/cotahist/2018.zip", truncated);

        Assert.Equal("failed", job.Status);
        Assert.Contains("trailer count mismatch", job.LastError, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ScalarAsync<string>(
            "SELECT md5(string_agg(concat_ws('|', ticker, market_type, term_days, close, etag), ',' ORDER BY ticker, market_type, term_days)) FROM b3.daily_quotes_2018"));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_next%'"));
    }

    private static string DailyOn(DateOnly day) => LoadingFixture.Zip(DailyText, lines => LoadingFixture.Redate(lines, day));

    private static string Yearly(params DateOnly[] days) => Yearly(days, trailerExtra: 0);

    /// <summary>A yearly file of the sample day's quotes on each of <paramref name="days"/>, with the header and trailer of the first.</summary>
    private static string Yearly(DateOnly[] days, int trailerExtra) => LoadingFixture.Zip(DailyText, lines =>
    {
        var quotes = days.SelectMany(day => LoadingFixture.Redate(lines, day).Where(line => line.StartsWith("01", StringComparison.Ordinal))).ToList();
        var header = LoadingFixture.Redate(lines, days[^1]).First();
        var trailer = LoadingFixture.Redate(lines, days[^1]).Last();
        var count = (quotes.Count + 2 + trailerExtra).ToString("D11", CultureInfo.InvariantCulture);
        return [header, .. quotes, string.Concat(trailer.AsSpan(0, 31), count, trailer.AsSpan(42))];
    });

    /// <summary>Per date of 2019 and 2020: its row count, and its object key (with the ETag when it is the yearly file's).</summary>
    private Task<List<string>> RowsByDateAsync() => fixture.ListAsync<string>($"""
        SELECT concat_ws(' ', trade_date, count(*), object_key, CASE WHEN object_key = '{YearKey}' THEN min(etag) END)
        FROM b3.daily_quotes WHERE trade_date >= '2019-01-01' AND trade_date < '2021-01-01'
        GROUP BY trade_date, object_key ORDER BY trade_date
        """);

    /// <summary>The partition's table: another one once the partition was replaced rather than its rows.</summary>
    private Task<long> PartitionOidAsync() => fixture.ScalarAsync<long>($"SELECT 'b3.{Partition}'::regclass::oid::bigint");

    /// <summary>The partition's bounds, then each index's definition and validity and each constraint.</summary>
    private Task<List<string>> DescribePartitionAsync() => fixture.ListAsync<string>($"""
        SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c WHERE c.oid = 'b3.{Partition}'::regclass
        UNION ALL
        (SELECT pg_get_indexdef(x.indexrelid) || ' valid ' || x.indisvalid FROM pg_index x WHERE x.indrelid = 'b3.{Partition}'::regclass ORDER BY 1)
        UNION ALL
        (SELECT conname || ' ' || contype::text || ' ' || coalesce(pg_get_constraintdef(oid), '') FROM pg_constraint WHERE conrelid = 'b3.{Partition}'::regclass ORDER BY 1)
        """);
}
