using System.Net;
using System.Text.Json;
using Npgsql;

namespace B3.WebhookApi.Tests;

/// <summary>
/// Adjusted series and corporate events over HTTP. PETR4 gets a made-up 1:2 split (last day com 2024-11-05) and a
/// R$ 0.50 dividend (last day com 2024-11-12) in a snapshot stored the way the Processor loads one
/// (its rows, then <c>b3.record_reported_events</c> for its day).
/// </summary>
[Collection(QueryApiCollection.Name)]
public sealed class CorporateActionsApiTests(QueryApiFixture fixture) : IAsyncLifetime
{
    private const string SnapshotKey = "b3/corporate-actions/2024-11-29.json";
    private static readonly DateOnly SplitEx = new(2024, 11, 6);
    private static readonly DateOnly DividendEx = new(2024, 11, 13);
    private const decimal Dividend = 0.50m;

    public async ValueTask InitializeAsync()
    {
        await ExecuteAsync($"""
            DELETE FROM b3.corporate_actions WHERE object_key = '{SnapshotKey}';
            INSERT INTO b3.corporate_actions (report_date, position, issuing_company, isin, ticker, source, kind, label, factor,
                                              share_multiplier, cash_amount, sized, approved_on, last_date_prior, ex_date,
                                              payment_date, related_to, object_key, etag)
            SELECT '2024-11-29', p, 'PETR', isin, 'PETR4', 'supplement', k, l, f, m, c, true, '2024-10-30', com::date, ex::date,
                   NULL, NULL, '{SnapshotKey}', 'test'
            FROM (SELECT isin FROM b3.daily_quotes WHERE ticker = 'PETR4' LIMIT 1) traded,
                 (VALUES (1, 'split', 'DESDOBRAMENTO', 100, 2, NULL, '2024-11-05', '{SplitEx:yyyy-MM-dd}'),
                         (2, 'cash', 'DIVIDENDO', NULL, NULL, {Dividend}, '2024-11-12', '{DividendEx:yyyy-MM-dd}'))
                 AS events (p, k, l, f, m, c, com, ex);
            SELECT b3.record_reported_events('2024-11-29', '2024-11-29');
            """);
    }

    public ValueTask DisposeAsync() => new(ExecuteAsync($"""
        DELETE FROM b3.corporate_actions WHERE object_key = '{SnapshotKey}';
        SELECT b3.record_reported_events('2024-11-29', '2024-11-29');
        """));

    [Fact]
    public async Task WithoutAdjustedTheAnswerIsTheSeriesAsTraded()
    {
        var series = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-11-01&to=2024-11-30");

        Assert.False(series.TryGetProperty("adjusted", out _));
        Assert.All(Bars(series), bar => Assert.False(bar.TryGetProperty("adjustedClose", out _) || bar.TryGetProperty("adjustmentFactor", out _)));
    }

    [Fact]
    public async Task SplitsHalvePricesBeforeTheExDateOnly()
    {
        var series = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-11-01&to=2024-11-30&adjusted=splits");

        Assert.Equal("splits", series.GetProperty("adjusted").GetString());
        foreach (var bar in Bars(series))
        {
            var (date, close) = (DateOnly.Parse(bar.GetProperty("date").GetString()!), bar.GetProperty("close").GetDecimal());
            var factor = date < SplitEx ? 0.5m : 1m;
            Assert.Equal(factor, bar.GetProperty("adjustmentFactor").GetDecimal());
            Assert.Equal(close * factor, bar.GetProperty("adjustedClose").GetDecimal());
        }
    }

    [Fact]
    public async Task TotalAlsoTakesTheDividendOffAsAShareOfTheCloseBeforeItsExDate()
    {
        var closeBefore = MarketData.CloseOn(new DateOnly(2024, 11, 12));
        var cash = (closeBefore - Dividend) / closeBefore;

        var series = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-11-01&to=2024-11-30&adjusted=total");

        foreach (var bar in Bars(series))
        {
            var (date, close) = (DateOnly.Parse(bar.GetProperty("date").GetString()!), bar.GetProperty("close").GetDecimal());
            var factor = (date < SplitEx ? 0.5m : 1m) * (date < DividendEx ? cash : 1m);
            Assert.Equal(Math.Round(close * factor, 2), Math.Round(bar.GetProperty("adjustedClose").GetDecimal(), 2));
        }
    }

    [Fact]
    public async Task TheEventsAreListedWithTheirFactors()
    {
        var actions = await fixture.GetJsonAsync("/api/corporate-actions/petr4");

        var items = actions.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["split DESDOBRAMENTO 2024-11-06", "cash DIVIDENDO 2024-11-13"],
            items.Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("label").GetString()} {e.GetProperty("exDate").GetString()}"));
        Assert.Equal((2m, 0.5m, 0.5m), (items[0].GetProperty("shareMultiplier").GetDecimal(), items[0].GetProperty("splitFactor").GetDecimal(), items[0].GetProperty("totalFactor").GetDecimal()));
        Assert.Equal(MarketData.CloseOn(new DateOnly(2024, 11, 12)), items[1].GetProperty("closeBeforeEx").GetDecimal());
    }

    [Theory]
    [InlineData("/api/quotes/PETR4?adjusted=dividends", HttpStatusCode.BadRequest, "'dividends' is not one of none, splits, total.")]
    [InlineData("/api/quotes/PETR4?adjusted=1", HttpStatusCode.BadRequest, "'1' is not one of none, splits, total.")]
    [InlineData("/api/corporate-actions/ZZZZ3", HttpStatusCode.NotFound, "ZZZZ3 has neither corporate events nor daily bars.")]
    public async Task AWrongAskIsAProblemThatSaysWhy(string path, HttpStatusCode status, string message)
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Bars(JsonElement series) => series.GetProperty("items").EnumerateArray();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
