using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace B3.Processor.Tests.Loading;

public sealed class LoadTests(LoadingFixture fixture) : IClassFixture<LoadingFixture>
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public async Task TheRealDailyCotahistLoadsEveryQuoteWithTheFilesTotals()
    {
        var job = await fixture.LoadAsync("b3/cotahist/2024-11-08.zip", Fixture("COTAHIST_D08112024.ZIP"));

        Assert.Equal(("succeeded", 12_226L, 0L), (job.Status, job.RowsLoaded, job.RowsQuarantined));
        await AssertQuotesMatchAsync("b3/cotahist/2024-11-08.zip", CotahistTotals.FromZip(Fixture("COTAHIST_D08112024.ZIP")), job.ETag);
    }

    [Fact]
    public async Task TheRefinedRowsOfALoadedDateAreExportedToTheLakeAsParquet()
    {
        var ct = TestContext.Current.CancellationToken;
        var day = new DateOnly(2021, 6, 22);
        var zip = LoadingFixture.Zip(Fixture("COTAHIST_D25062021.TXT"), lines => LoadingFixture.Redate(lines, day));
        Assert.Equal("succeeded", (await fixture.LoadAsync("b3/cotahist/2021-06-22.zip", zip)).Status);

        var parquet = Path.Combine(Path.GetTempPath(), $"lake-{Guid.NewGuid():N}.parquet");
        var key = "lake/daily_summary/dt=2021-06-22/part-0.parquet";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await fixture.Storage.ExistsAsync(key, ct) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        await using (var content = await fixture.Storage.OpenReadAsync(key, ct))
        await using (var file = File.Create(parquet))
        {
            Assert.NotNull(content);
            await content.Body.CopyToAsync(file, ct);
        }

        // Every row and value of the date, as DuckDB reads the file and as PostgreSQL holds it (at the lake's scales).
        const string Columns = """
            trade_date, ticker, open, close, average_price, min_price, max_price, vol_financeiro_total, trade_count,
            qtd_acoes_negociadas, weekday, days_since_year_start, days_to_year_end, is_month_start, quarter, moving_average_7
            """;
        var lake = await B3.Testing.LakeReader.QueryAsync(parquet, $"SELECT {Columns} FROM read_parquet('{{file}}') ORDER BY ticker");
        var types = await B3.Testing.LakeReader.QueryAsync(parquet, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}'))");
        File.Delete(parquet);
        await using var command = fixture.DataSource.CreateCommand($"""
            SELECT trade_date, ticker, round(open, 6), round(close, 6), round(average_price, 6), round(min_price, 6), round(max_price, 6),
                   round(vol_financeiro_total, 2), trade_count, qtd_acoes_negociadas, weekday, days_since_year_start, days_to_year_end,
                   is_month_start, quarter, round(moving_average_7, 6)
            FROM b3.daily_summary WHERE trade_date = '2021-06-22' ORDER BY ticker
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var database = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            database.Add(Describe(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))));
        }

        Assert.True(database.Count > 100, $"{database.Count} rows");
        Assert.Equal(database, lake.Select(row => Describe(row)));
        Assert.Equal("DATE VARCHAR DECIMAL(18,6) DECIMAL(18,6) DECIMAL(18,6) DECIMAL(18,6) DECIMAL(18,6) DECIMAL(18,2) BIGINT BIGINT INTEGER INTEGER INTEGER BOOLEAN INTEGER DECIMAL(18,6) DECIMAL(18,6) DECIMAL(28,12)",
            string.Join(' ', types.Select(t => t[1])));
    }

    /// <summary>A row's values in one invariant text: dates as yyyy-MM-dd, numbers without trailing zeros.</summary>
    private static string Describe(IEnumerable<object?> values) => string.Join('|', values.Select(value => value switch
    {
        null => "null",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime date => DateOnly.FromDateTime(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal number => number.ToString("0.############", CultureInfo.InvariantCulture),
        IConvertible number => Convert.ToString(number, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    }));

    [Fact]
    public async Task AZippedTextCotahistLoadsWithTheFilesTotals()
    {
        var zip = LoadingFixture.Zip(Fixture("COTAHIST_D25062021.TXT"));

        var job = await fixture.LoadAsync("b3/cotahist/2021-06-25.zip", zip);

        Assert.Equal(("succeeded", 7_518L), (job.Status, job.RowsLoaded));
        await AssertQuotesMatchAsync("b3/cotahist/2021-06-25.zip", CotahistTotals.FromText(Fixture("COTAHIST_D25062021.TXT")), job.ETag);
    }

    [Fact]
    public async Task TheRealTradeSummaryLoadsEveryTicker()
    {
        var job = await fixture.LoadAsync("b3/trades/2025-01-27.csv", Fixture("TradeInformationConsolidatedFile_20250127_1.csv"));

        Assert.Equal(("succeeded", 22_293L), (job.Status, job.RowsLoaded));
        Assert.Equal(22_293L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.trades WHERE object_key = 'b3/trades/2025-01-27.csv'"));
    }

    [Fact]
    public async Task AFileWhoseEventCarriedNoTraceIsProcessedInTheTraceItsUploaderWroteIntoTheObject()
    {
        const string TraceId = "5b8aa5a2d2c872e8321cf37308d69df2";

        var job = await fixture.LoadAsync("b3/instruments/2026-09-23.csv",
            LoadingFixture.Redate(Fixture("InstrumentsConsolidatedFile_20260922_documented.csv"), "2026-09-22", "2026-09-23"),
            traceParent: $"00-{TraceId}-051581bf3cb55c13-01");

        Assert.Equal("succeeded", job.Status);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fixture.Traces.HasTrace(TraceId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(fixture.Traces.HasTrace(TraceId), "The Processor's span is not in the uploader's trace.");
    }

    [Fact]
    public async Task AnInstrumentsRegisterLoadsWithItsAccentsIntact()
    {
        var job = await fixture.LoadAsync("b3/instruments/2026-09-22.csv", Fixture("InstrumentsConsolidatedFile_20260922_documented.csv"));

        Assert.Equal(("succeeded", 3L), (job.Status, job.RowsLoaded));
        Assert.Equal("ISHARES IBOVESPA FUNDO DE ÍNDICE", await fixture.ScalarAsync<string>(
            "SELECT corporation_name FROM b3.instruments WHERE report_date = '2026-09-22' AND ticker = 'BOVA11'"));
        Assert.Equal(0L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM b3.instruments WHERE report_date = '2026-09-22' AND trading_end_date IS NOT NULL"));
    }

    [Fact]
    public async Task ATruncatedCotahistFailsNamingTheTrailerCountAndLoadsNothing()
    {
        var zip = LoadingFixture.Zip(Fixture("COTAHIST_D04012016_TRUNCATED_506_of_1745_lines.TXT"));

        var job = await fixture.LoadAsync("b3/cotahist/2016-01-04.zip", zip);

        Assert.Equal("failed", job.Status);
        Assert.Contains("1745", job.LastError);
        Assert.Contains("506", job.LastError);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE trade_date = '2016-01-04'"));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.quarantine WHERE object_key = 'b3/cotahist/2016-01-04.zip'"));
    }

    [Fact]
    public async Task ThreeCorruptedLinesAreQuarantinedAndEverythingElseLoads()
    {
        const string Key = "b3/cotahist/2021-06-24.zip";
        int[] corrupted = [10, 2_000, 7_000];
        var zip = LoadingFixture.Zip(Fixture("COTAHIST_D25062021.TXT"), lines => LoadingFixture.Redate(lines, new DateOnly(2021, 6, 24)).Select((line, index) =>
            corrupted.Contains(index + 1) ? string.Concat(line.AsSpan(0, 56), "ABCDEFGHIJKLM", line.AsSpan(69)) : line));

        var job = await fixture.LoadAsync(Key, zip);

        Assert.Equal(("succeeded", 7_515L, 3L), (job.Status, job.RowsLoaded, job.RowsQuarantined));
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT line_number, raw_line, reason FROM b3.quarantine WHERE object_key = $1 AND etag = $2 ORDER BY line_number");
        command.Parameters.Add(new() { Value = Key });
        command.Parameters.Add(new() { Value = job.ETag });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var quarantined = new List<(long Line, string Raw, string Reason)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            quarantined.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        Assert.Equal(corrupted.Select(line => (long)line), quarantined.Select(q => q.Line));
        Assert.All(quarantined, q => Assert.Contains("ABCDEFGHIJKLM", q.Raw));
        Assert.All(quarantined, q => Assert.False(string.IsNullOrWhiteSpace(q.Reason)));
    }

    [Fact]
    public async Task ProcessingAgainKeepsTheSameRowsAndANewVersionReplacesTheOld()
    {
        const string Key = "b3/cotahist/2021-06-23.zip";
        var day = new DateOnly(2021, 6, 23);
        var original = LoadingFixture.Zip(Fixture("COTAHIST_D25062021.TXT"), lines => LoadingFixture.Redate(lines, day));
        var first = await fixture.LoadAsync(Key, original);
        var before = await QuoteFingerprintAsync(Key);

        await fixture.ExecuteAsync("UPDATE b3.ingestion_jobs SET status = 'queued', next_attempt_at = now() WHERE id = $1", first.Id);
        var again = await fixture.WaitForJobAsync(first.Id);
        var afterAgain = await QuoteFingerprintAsync(Key);

        // A newer version: 18 quotes fewer, trailer count adjusted.
        var smaller = LoadingFixture.Zip(Fixture("COTAHIST_D25062021.TXT"), lines =>
            LoadingFixture.Redate(lines, day).Where((_, index) => index is 0 or > 18).Select(line => line.StartsWith("99", StringComparison.Ordinal)
                ? string.Concat(line.AsSpan(0, 31), (lines.Count - 18).ToString("D11", CultureInfo.InvariantCulture), line.AsSpan(42))
                : line));
        var newer = await fixture.LoadAsync(Key, smaller);

        Assert.Equal(("succeeded", "succeeded", "succeeded"), (first.Status, again.Status, newer.Status));
        Assert.Equal(before, afterAgain);
        Assert.Equal(7_500L, newer.RowsLoaded);
        Assert.Equal(7_500L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1", Key));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1 AND etag <> $2", Key, newer.ETag));
    }

    [Fact]
    public async Task AFileWhoseRowsAreNotOfItsKeysDateFailsAndLoadsNothing()
    {
        var job = await fixture.LoadAsync("b3/trades/2025-01-20.csv", Fixture("TradeInformationConsolidatedFile_20250127_1.csv"));

        Assert.Equal("failed", job.Status);
        Assert.Contains("2025-01-27", job.LastError);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.trades WHERE object_key = 'b3/trades/2025-01-20.csv'"));
    }

    [Fact]
    public async Task AnObjectThatNoEventAnnouncedIsLoadedByTheReconciler()
    {
        const string Key = "b3/trades/2025-01-24.csv";
        await using (var body = File.OpenRead(LoadingFixture.Redate(Fixture("TradeInformationConsolidatedFile_20250127_1.csv"), "2025-01-27", "2025-01-24")))
        {
            await fixture.Storage.UploadAsync(Key, body, new B3.Core.Storage.ObjectProvenance(null, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        }

        var reconciler = fixture.Host.Services.GetRequiredService<B3.Processor.Reconciliation.Reconciler>();
        var enqueued = await reconciler.ReconcileAsync(TestContext.Current.CancellationToken);
        var jobId = await fixture.ScalarAsync<long>("SELECT id FROM b3.ingestion_jobs WHERE object_key = $1", Key);
        var job = await fixture.WaitForJobAsync(jobId);

        Assert.True(enqueued >= 1);
        Assert.Equal("succeeded", job.Status);
        Assert.Equal(0, await reconciler.ReconcileAsync(TestContext.Current.CancellationToken));
    }

    private async Task AssertQuotesMatchAsync(string key, CotahistTotals totals, string etag)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT count(*), sum(volume), sum(trade_count)::numeric, sum(quantity)::numeric, count(*) FILTER (WHERE etag = $2) FROM b3.daily_quotes WHERE object_key = $1");
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = etag });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(totals.Records, reader.GetInt64(0));
        Assert.Equal(totals.Volume, reader.GetDecimal(1));
        Assert.Equal(totals.Trades, reader.GetDecimal(2));
        Assert.Equal(totals.Quantity, reader.GetDecimal(3));
        Assert.Equal(totals.Records, reader.GetInt64(4));
    }

    private async Task<string> QuoteFingerprintAsync(string key) =>
        await fixture.ScalarAsync<string>(
            "SELECT md5(string_agg(concat_ws('|', ticker, market_type, term_days, close, volume), ',' ORDER BY ticker, market_type, term_days)) FROM b3.daily_quotes WHERE object_key = $1",
            key);
}
