using System.Text.Json.Nodes;
using B3.Core.Datasets;
using Microsoft.Extensions.Logging.Abstractions;
using B3.Processor.Refining;
using B3.Processor.Tests.Loading;
using B3.Processor.Tests.Parsing;

namespace B3.Processor.Tests.Refining;

/// <summary>
/// Corporate-action snapshots loaded by the Processor, then the adjusted series the refined layer derives from them,
/// against a hand computation: a 1:2 split and a R$ 1.00 dividend of a made-up HAND3.
/// </summary>
public sealed class AdjustedSeriesTests(LoadingFixture fixture) : IClassFixture<LoadingFixture>
{
    private const string Isin = "BRHANDACNOR1";

    /// <summary>HAND3's closes: halved by the split (ex 2024-03-05), then R$ 1.00 off by the dividend (ex 2024-03-07).</summary>
    private static readonly (DateOnly Day, decimal Close)[] Closes =
    [
        (new(2024, 3, 1), 40.00m), (new(2024, 3, 4), 42.00m), (new(2024, 3, 5), 21.50m),
        (new(2024, 3, 6), 22.00m), (new(2024, 3, 7), 21.00m), (new(2024, 3, 8), 21.20m),
    ];

    [Fact]
    public async Task TheRealSnapshotLoadsAndLoadingItAgainChangesNothing()
    {
        var key = "b3/corporate-actions/2026-08-24.json";
        var file = FixtureFiles.PathOf("corporate-actions_2026-08-24_built.json");

        var first = await fixture.LoadAsync(key, file);
        var rows = await fixture.ListAsync<string>(
            "SELECT concat_ws(' ', ticker, kind, label, trim_scale(coalesce(share_multiplier, cash_amount)), ex_date) FROM b3.corporate_actions WHERE object_key = $1 ORDER BY position", key);
        var again = await fixture.LoadAsync(key, file);

        Assert.Equal(("succeeded", 35L, 1L), (first.Status, first.RowsLoaded, first.RowsQuarantined));
        Assert.Equal(("succeeded", 35L, 1L), (again.Status, again.RowsLoaded, again.RowsQuarantined));
        Assert.Equal(rows, await fixture.ListAsync<string>(
            "SELECT concat_ws(' ', ticker, kind, label, trim_scale(coalesce(share_multiplier, cash_amount)), ex_date) FROM b3.corporate_actions WHERE object_key = $1 ORDER BY position", key));
        Assert.Contains("MGLU3 split DESDOBRAMENTO 4 2020-10-14", rows);
        Assert.Contains("MGLU3 reverse_split GRUPAMENTO 0.1 2024-05-27", rows);
        Assert.Contains("MGLU3 bonus BONIFICACAO 1.05 2025-12-30", rows);
    }

    [Fact]
    public async Task AdjustedClosesEqualTheHandComputationToTheCent()
    {
        await InsertClosesAsync();
        await LoadSnapshotsAsync();

        var series = await fixture.ListAsync<string>("""
            SELECT concat_ws(' ', trade_date, close, round(close * split_factor, 2), round(close * total_factor, 2))
            FROM b3.adjusted_closes('HAND3', '2024-01-01', '2024-12-31')
            """);

        // Splits: before the ex date 2024-03-05 a price is halved. Total: before 2024-03-07 also × (22.00 − 1.00) / 22.00,
        // 22.00 being the close of 2024-03-06, the last session com.
        Assert.Equal(
            [
                "2024-03-01 40.00 20.00 19.09",  // 40 × 0.5 × 21/22 = 19.0909…
                "2024-03-04 42.00 21.00 20.05",  // 42 × 0.5 × 21/22 = 20.0454…
                "2024-03-05 21.50 21.50 20.52",  // 21.5 × 21/22 = 20.5227…
                "2024-03-06 22.00 22.00 21.00",
                "2024-03-07 21.00 21.00 21.00",
                "2024-03-08 21.20 21.20 21.20",
            ],
            series);
    }

    [Fact]
    public async Task TheLakeCarriesTheTotalReturnAdjustedCloseAsOfItsExport()
    {
        var ct = TestContext.Current.CancellationToken;
        await InsertClosesAsync();
        await LoadSnapshotsAsync();
        var exporter = new LakeExporter(fixture.DataSource, fixture.Storage, NullLogger<LakeExporter>.Instance);

        var keys = await exporter.ExportAsync(Dataset.Cotahist, new DateOnly(2024, 3, 4), new DateOnly(2024, 3, 4), ct);

        var parquet = Path.Combine(Path.GetTempPath(), $"lake-{Guid.NewGuid():N}.parquet");
        await using (var content = await fixture.Storage.OpenReadAsync(Assert.Single(keys), ct))
        await using (var file = File.Create(parquet))
        {
            await content!.Body.CopyToAsync(file, ct);
        }

        var rows = await B3.Testing.LakeReader.QueryAsync(
            parquet, "SELECT close, adjusted_close, adjustment_factor FROM read_parquet('{file}') WHERE ticker = 'HAND3'");
        File.Delete(parquet);
        // 42.00 × 0.5 × 21/22 = 20.0454545…
        Assert.Equal([42.00m, 20.045455m, 0.477272727273m], Assert.Single(rows).Select(Convert.ToDecimal));
    }

    [Fact]
    public async Task EachEventCountsOnceForTheIsinThatTradedAndContradictionsAreWarnedOf()
    {
        await InsertClosesAsync();
        await LoadSnapshotsAsync();

        // The split is in two snapshots, and in each also under an ISIN HAND3 no longer trades under; the dividend is
        // in the supplement and in the cash history.
        Assert.Equal(
            ["2024-03-05 split 2 BRHANDACNOR1 42.00", "2024-03-07 cash 1 BRHANDACNOR1 22.00"],
            await fixture.ListAsync<string>("""
                SELECT concat_ws(' ', ex_date, kind, trim_scale(coalesce(share_multiplier, cash_amount)), isin, close_before_ex)
                FROM b3.corporate_events WHERE ticker = 'HAND3' ORDER BY ex_date
                """));
        Assert.Empty(await WarningsAsync());

        await fixture.ExecuteAsync("UPDATE b3.daily_summary SET close = 11.00 WHERE ticker = 'HAND3' AND trade_date = '2024-03-05'");
        await fixture.ExecuteAsync("UPDATE b3.daily_summary SET close = 44.00 WHERE ticker = 'HAND3' AND trade_date = '2024-03-08'");

        Assert.Equal(
            [
                "2024-03-05 step_contradicts_event close 11.00 after 42.00 on 2024-03-04: ×0.2619, the events multiply shares by 2.000000",
                "2024-03-06 unexplained_step close 22.00 after 11.00 on 2024-03-05: ×2.0000, no share event explains it",
                "2024-03-08 unexplained_step close 44.00 after 21.00 on 2024-03-07: ×2.0952, no share event explains it",
            ],
            await WarningsAsync());
    }

    [Fact]
    public async Task IdenticalRowsOfOnePageAreOneEventNotInstalments()
    {
        // Decided with JV against SILO (b3-corporate-actions.md §3): B3 repeats rows; instalments differ in amount or date.
        await InsertClosesAsync();
        await LoadSnapshotsAsync(historyRepeats: 2);

        Assert.Equal(["2024-03-07 1"], await fixture.ListAsync<string>(
            "SELECT concat_ws(' ', ex_date, trim_scale(cash_amount)) FROM b3.adjustment_factors WHERE ticker = 'HAND3' AND cash_amount IS NOT NULL"));
        Assert.Equal("2024-03-04 20.05", await fixture.ScalarAsync<string>(
            "SELECT concat_ws(' ', trade_date, round(close * total_factor, 2)) FROM b3.adjusted_closes('HAND3', '2024-03-04', '2024-03-04')"));
    }

    [Fact]
    public async Task EachEventIsKeptOnceAndAReloadThatDropsOneHandsItToTheNextSnapshot()
    {
        await InsertClosesAsync();
        await LoadSnapshotsAsync();
        const string Reported = """
            SELECT concat_ws(' ', kind, isin, first_reported, object_key) FROM b3.reported_corporate_events
            WHERE issuing_company = 'HAND' ORDER BY kind, isin, first_reported
            """;

        // Two snapshots of the same four rows (the split under two ISINs, the dividend in the supplement and the cash
        // history) are four events, each from the first snapshot.
        Assert.Equal(
            [
                "cash BRHANDACNOR1 2024-03-08 b3/corporate-actions/2024-03-08.json",
                "cash 2024-03-08 b3/corporate-actions/2024-03-08.json",
                "split BRHANDACNOR0 2024-03-08 b3/corporate-actions/2024-03-08.json",
                "split BRHANDACNOR1 2024-03-08 b3/corporate-actions/2024-03-08.json",
            ],
            await fixture.ListAsync<string>(Reported));

        await LoadSnapshotAsync("2024-03-08", historyRepeats: 1, withSplit: false);

        Assert.Equal(
            [
                "cash BRHANDACNOR1 2024-03-08 b3/corporate-actions/2024-03-08.json",
                "cash 2024-03-08 b3/corporate-actions/2024-03-08.json",
                "split BRHANDACNOR0 2024-03-11 b3/corporate-actions/2024-03-11.json",
                "split BRHANDACNOR1 2024-03-11 b3/corporate-actions/2024-03-11.json",
            ],
            await fixture.ListAsync<string>(Reported));
        Assert.Equal("2024-03-04 21.00", await fixture.ScalarAsync<string>(
            "SELECT concat_ws(' ', trade_date, round(close * split_factor, 2)) FROM b3.adjusted_closes('HAND3', '2024-03-04', '2024-03-04')"));
    }

    [Fact]
    public async Task ACashEventWithNoCloseInTheYearBeforeItIsWarnedOfAndNotApplied()
    {
        // HAND3 last traded in March 2024; a dividend going ex in June 2025 has no close to be sized by.
        const string Key = "b3/corporate-actions/2025-07-01.json";
        await InsertClosesAsync();
        await LoadSnapshotsAsync();
        await fixture.ExecuteAsync($"""
            INSERT INTO b3.corporate_actions (report_date, position, issuing_company, isin, ticker, source, kind, label, factor,
                                              share_multiplier, cash_amount, sized, approved_on, last_date_prior, ex_date,
                                              payment_date, related_to, object_key, etag)
            VALUES ('2025-07-01', 1, 'HAND', '{Isin}', 'HAND3', 'supplement', 'cash', 'DIVIDENDO', NULL, NULL, 0.80, true, NULL,
                    '2025-06-10', '2025-06-11', NULL, NULL, '{Key}', 'test')
            """);
        await fixture.ExecuteAsync("SELECT b3.record_reported_events('2025-07-01', '2025-07-01')");
        try
        {
            Assert.Equal(
                ["2025-06-11 cash_without_close R$ 0.80 per share: no close in the year before the ex date to size it by: not applied"],
                await WarningsAsync());
            Assert.Equal("2024-03-04 20.05", await fixture.ScalarAsync<string>(
                "SELECT concat_ws(' ', trade_date, round(close * total_factor, 2)) FROM b3.adjusted_closes('HAND3', '2024-03-04', '2024-03-04')"));
        }
        finally
        {
            await fixture.ExecuteAsync($"DELETE FROM b3.corporate_actions WHERE object_key = '{Key}'");
            await fixture.ExecuteAsync("SELECT b3.record_reported_events('2025-07-01', '2025-07-01')");
        }
    }

    private Task<List<string>> WarningsAsync() => fixture.ListAsync<string>(
        "SELECT concat_ws(' ', trade_date, warning, detail) FROM b3.adjustment_warnings WHERE ticker = 'HAND3' ORDER BY trade_date");

    private async Task InsertClosesAsync()
    {
        await fixture.ExecuteAsync("DELETE FROM b3.daily_quotes WHERE ticker = 'HAND3'");
        foreach (var (day, close) in Closes)
        {
            await fixture.ExecuteAsync("""
                INSERT INTO b3.daily_quotes (trade_date, ticker, market_type, term_days, bdi_code, open, high, low, average, close,
                                             trade_count, quantity, volume, quote_factor, isin, object_key, etag)
                VALUES ($1, 'HAND3', 10, 0, '02', $2, $2, $2, $2, $2, 1, 100, $2 * 100, 1, $3, 'b3/cotahist/made-up.zip', 'test')
                """, day, close, Isin);
        }

        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await new RefinedLayer().RefreshAsync(connection, Dataset.Cotahist, Closes[0].Day, Closes[^1].Day, CancellationToken.None);
    }

    /// <summary>The snapshots of 2024-03-08 and 2024-03-11, each with both events, the split also under HAND's old ISIN.</summary>
    private async Task LoadSnapshotsAsync(int historyRepeats = 1)
    {
        foreach (var date in new[] { "2024-03-08", "2024-03-11" })
        {
            await LoadSnapshotAsync(date, historyRepeats, withSplit: true);
        }
    }

    private async Task LoadSnapshotAsync(string date, int historyRepeats, bool withSplit)
    {
        var split = new JsonObject
        {
            ["assetIssued"] = Isin, ["factor"] = "100,00000000000", ["approvedOn"] = "20/02/2024", ["isinCode"] = Isin,
            ["label"] = "DESDOBRAMENTO", ["lastDatePrior"] = "04/03/2024", ["remarks"] = "",
        };
        var oldIsin = split.DeepClone();
        oldIsin["isinCode"] = "BRHANDACNOR0";
        oldIsin["assetIssued"] = "BRHANDACNOR0";
        var dividend = new JsonObject
        {
            ["assetIssued"] = Isin, ["paymentDate"] = "20/03/2024", ["rate"] = "1,00000000000", ["relatedTo"] = "Anual/2023",
            ["approvedOn"] = "20/02/2024", ["isinCode"] = Isin, ["label"] = "DIVIDENDO", ["lastDatePrior"] = "06/03/2024", ["remarks"] = "",
        };
        var history = new JsonObject
        {
            ["typeStock"] = "ON", ["dateApproval"] = "20/02/2024", ["valueCash"] = "1", ["ratio"] = "1", ["corporateAction"] = "DIVIDENDO",
            ["lastDatePriorEx"] = "06/03/2024", ["quotedPerShares"] = "1",
        };
        var supplement = new JsonArray(new JsonObject
        {
            ["code"] = "HAND", ["stockDividends"] = withSplit ? new JsonArray(split, oldIsin) : new JsonArray(), ["cashDividends"] = new JsonArray(dividend),
        });
        var page = new JsonObject
        {
            ["page"] = new JsonObject { ["pageNumber"] = 1, ["totalRecords"] = historyRepeats },
            ["results"] = new JsonArray([.. Enumerable.Range(0, historyRepeats).Select(_ => history.DeepClone())]),
        };
        var snapshot = new JsonObject
        {
            ["date"] = date,
            ["companies"] = new JsonArray(new JsonObject
            {
                ["issuingCompany"] = "HAND", ["tradingName"] = "HAND S/A", ["supplement"] = supplement, ["cashDividends"] = new JsonArray(page),
            }),
        };

        var file = Path.Combine(Path.GetTempPath(), $"corporate-actions-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, snapshot.ToJsonString());
        var job = await fixture.LoadAsync($"b3/corporate-actions/{date}.json", file);
        File.Delete(file);
        Assert.Equal(("succeeded", (withSplit ? 3L : 1L) + historyRepeats), (job.Status, job.RowsLoaded));
    }
}
