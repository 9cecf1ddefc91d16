using System.Text.Json;
using Npgsql;

namespace B3.WebhookApi.Tests;

[Collection(QueryApiCollection.Name)]
public sealed class QuotesApiTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task TheSampleDayBarHasTheRawRecordsPricesAndVolume()
    {
        var raw = MarketData.SampleQuote("PETR4");

        var series = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-11-01&to=2024-11-30");

        var bar = Bars(series).Single(b => b.GetProperty("date").GetString() == "2024-11-08");
        Assert.Equal(35.85m, raw.Open);
        Assert.Equal(raw.Open, bar.GetProperty("open").GetDecimal());
        Assert.Equal(raw.High, bar.GetProperty("high").GetDecimal());
        Assert.Equal(raw.Low, bar.GetProperty("low").GetDecimal());
        Assert.Equal(raw.Close, bar.GetProperty("close").GetDecimal());
        Assert.Equal(raw.Volume, bar.GetProperty("volume").GetDecimal());
        Assert.Equal(raw.Quantity, bar.GetProperty("quantity").GetInt64());
        Assert.Equal(raw.Trades, bar.GetProperty("trades").GetInt64());
        Assert.Equal("PETR4", series.GetProperty("ticker").GetString());
        Assert.Equal(MarketData.TradingDays.Count(d => d.Month == 11), series.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task TheRefinedRowOfATickerEqualsAHandComputation()
    {
        var ct = TestContext.Current.CancellationToken;
        var raw = MarketData.SampleQuote("PETR4");
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT vol_financeiro_total, qtd_acoes_negociadas, trade_count, average_price, min_price, max_price, open, close,
                   weekday, days_since_year_start, days_to_year_end, is_month_start, quarter
            FROM b3.daily_summary WHERE ticker = 'PETR4' AND trade_date = '2024-11-08'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));

        // One cash-market record that day: the sums are its own figures, the average price its VOLTOT / QUATOT.
        Assert.Equal(1_790_870_570.00m, reader.GetDecimal(0));
        Assert.Equal(raw.Volume, reader.GetDecimal(0));
        Assert.Equal(49_792_700L, reader.GetInt64(1));
        Assert.Equal(80_702L, reader.GetInt64(2));
        Assert.Equal(Math.Round(1_790_870_570.00m / 49_792_700m, 10), Math.Round(reader.GetDecimal(3), 10));
        Assert.Equal(35.54m, reader.GetDecimal(4));
        Assert.Equal(36.32m, reader.GetDecimal(5));
        Assert.Equal(35.85m, reader.GetDecimal(6));
        Assert.Equal(36.18m, reader.GetDecimal(7));
        // Friday 8 November 2024, the 313th day of a leap year: 312 days after 1 January, 53 before 31 December.
        Assert.Equal(5, reader.GetInt16(8));
        Assert.Equal(312, reader.GetInt16(9));
        Assert.Equal(53, reader.GetInt16(10));
        Assert.False(reader.GetBoolean(11));
        Assert.Equal(4, reader.GetInt16(12));
    }

    [Fact]
    public async Task TheBarsCarryTheRefinedDateAttributes()
    {
        var series = await fixture.GetJsonAsync("/api/quotes/petr4?from=2024-11-01&to=2024-11-01");

        var bar = Assert.Single(Bars(series));
        Assert.Equal("PETR4", series.GetProperty("ticker").GetString());
        Assert.Equal(5, bar.GetProperty("weekday").GetInt32());
        Assert.Equal(305, bar.GetProperty("daysSinceYearStart").GetInt32());
        Assert.Equal(60, bar.GetProperty("daysToYearEnd").GetInt32());
        Assert.True(bar.GetProperty("isMonthStart").GetBoolean());
        Assert.Equal(4, bar.GetProperty("quarter").GetInt32());
        var madeUp = MarketData.MadeUp(MarketData.TradingDays.ToList().IndexOf(new DateOnly(2024, 11, 1)));
        Assert.Equal(Round6(madeUp.Volume / madeUp.Quantity), bar.GetProperty("averagePrice").GetDecimal());
    }

    [Fact]
    public async Task TheMovingAverageIsTheMeanCloseOfTheLastSevenTradingDays()
    {
        var series = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-10-01&to=2024-11-29");
        var bars = Bars(series);
        Assert.Equal(MarketData.TradingDays.Count, bars.Count);

        // 21 November 2024: its seven trading days skip the holidays of 15 and 20 November and the weekend.
        DateOnly[] window = [new(2024, 11, 11), new(2024, 11, 12), new(2024, 11, 13), new(2024, 11, 14), new(2024, 11, 18), new(2024, 11, 19), new(2024, 11, 21)];
        var byDate = bars.ToDictionary(b => DateOnly.Parse(b.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Round6(window.Average(MarketData.CloseOn)), byDate[new(2024, 11, 21)].GetProperty("movingAverage7").GetDecimal());
        Assert.DoesNotContain(new DateOnly(2024, 11, 20), byDate.Keys);

        // Every day from the seventh loaded one on: the mean of its own close and the six closes before it.
        for (var i = 6; i < bars.Count; i++)
        {
            var closes = bars.Skip(i - 6).Take(7).Select(b => b.GetProperty("close").GetDecimal()).ToList();
            Assert.Equal(Round6(closes.Average()), bars[i].GetProperty("movingAverage7").GetDecimal());
        }

        // The window ending on the real sample day mixes its real close with made-up ones.
        var sampleWindow = MarketData.TradingDays.Where(d => d <= MarketData.SampleDate).TakeLast(7).ToList();
        Assert.Contains(MarketData.SampleDate, sampleWindow);
        Assert.Equal(
            Round6(sampleWindow.Average(MarketData.CloseOn)),
            byDate[MarketData.SampleDate].GetProperty("movingAverage7").GetDecimal());
    }

    [Fact]
    public async Task LongResultsArePagedWithANextLink()
    {
        var first = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-10-01&to=2024-11-29&pageSize=10");

        Assert.Equal(MarketData.TradingDays.Count, first.GetProperty("total").GetInt64());
        Assert.Equal(10, Bars(first).Count);
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal("/api/quotes/PETR4?from=2024-10-01&to=2024-11-29&page=2&pageSize=10", first.GetProperty("next").GetString());

        var dates = new List<string>();
        var pages = 0;
        for (var page = first; ; page = await fixture.GetJsonAsync(page.GetProperty("next").GetString()!))
        {
            pages++;
            dates.AddRange(Bars(page).Select(b => b.GetProperty("date").GetString()!));
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null)
            {
                break;
            }
        }

        Assert.Equal((MarketData.TradingDays.Count + 9) / 10, pages);
        Assert.Equal(MarketData.TradingDays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), dates);

        var beyond = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2024-10-01&to=2024-11-29&pageSize=10&page=99");
        Assert.Empty(Bars(beyond));
        Assert.Equal(JsonValueKind.Null, beyond.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task AKnownTickerWithoutBarsInTheRangeAnswersAnEmptyList()
    {
        var series = await fixture.GetJsonAsync("/api/quotes/PETR4?from=2020-01-01&to=2020-01-31");

        Assert.Empty(Bars(series));
        Assert.Equal(0, series.GetProperty("total").GetInt64());
    }

    // PostgreSQL's round() takes a midpoint away from zero.
    private static decimal Round6(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);

    private static List<JsonElement> Bars(JsonElement series) => [.. series.GetProperty("items").EnumerateArray()];
}
