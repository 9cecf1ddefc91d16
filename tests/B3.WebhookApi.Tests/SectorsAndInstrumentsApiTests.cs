using System.Text.Json;

namespace B3.WebhookApi.Tests;

[Collection(QueryApiCollection.Name)]
public sealed class SectorsAndInstrumentsApiTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task TheTopTickersAreTheLargestCashVolumesOfTheRawFile()
    {
        var expected = CashTotalsByTicker().OrderByDescending(t => t.Volume).ThenBy(t => t.Ticker, StringComparer.Ordinal).Take(5).ToList();

        var top = await fixture.GetJsonAsync("/api/top?date=2024-11-08&n=5");

        var items = top.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("2024-11-08", top.GetProperty("date").GetString());
        Assert.Equal(expected.Select(t => t.Ticker), items.Select(i => i.GetProperty("ticker").GetString()));
        Assert.Equal(expected.Select(t => t.Volume), items.Select(i => i.GetProperty("volume").GetDecimal()));
        Assert.Equal([1, 2, 3, 4, 5], items.Select(i => i.GetProperty("rank").GetInt32()));
        var petr4 = items.Single(i => i.GetProperty("ticker").GetString() == "PETR4");
        Assert.Equal("NIVEL 2", petr4.GetProperty("governanceLevel").GetString());
        Assert.Equal("COMPANY OF PETR4", petr4.GetProperty("corporationName").GetString());
    }

    [Fact]
    public async Task SectorTotalsAreTheSumsOfTheirTickersOnTheRegisterOfTheSameDate()
    {
        var tickers = CashTotalsByTicker();
        var total = tickers.Sum(t => t.Volume);
        var expected = tickers
            .GroupBy(t => QueryApiFixture.Register.TryGetValue(t.Ticker, out var sector) ? $"{sector.Segment}|{sector.Category}|{sector.Governance}" : "||")
            .ToDictionary(g => g.Key, g => (Tickers: g.Count(), Trades: g.Sum(t => t.Trades), Quantity: g.Sum(t => t.Quantity), Volume: g.Sum(t => t.Volume)));

        var sectors = await fixture.GetJsonAsync("/api/sectors?date=2024-11-08");

        var items = sectors.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, items.Count);
        foreach (var item in items)
        {
            var key = $"{Text(item, "segment")}|{Text(item, "securityCategory")}|{Text(item, "governanceLevel")}";
            var sector = expected[key];
            Assert.Equal(sector.Tickers, item.GetProperty("tickers").GetInt32());
            Assert.Equal(sector.Trades, item.GetProperty("trades").GetInt64());
            Assert.Equal(sector.Quantity, item.GetProperty("quantity").GetInt64());
            Assert.Equal(sector.Volume, item.GetProperty("volume").GetDecimal());
            Assert.Equal(Math.Round(100 * sector.Volume / total, 4, MidpointRounding.AwayFromZero), item.GetProperty("volumeShare").GetDecimal());
        }

        Assert.Equal(2, expected["CASH|SHARES|NIVEL 2"].Tickers);
        Assert.Equal(items.Select(i => i.GetProperty("volume").GetDecimal()).OrderDescending(), items.Select(i => i.GetProperty("volume").GetDecimal()));
    }

    [Fact]
    public async Task WithoutADateSectorsAndTopUseTheLatestLoadedDay()
    {
        var sectors = await fixture.GetJsonAsync("/api/sectors");
        var top = await fixture.GetJsonAsync("/api/top");

        Assert.Equal("2024-11-29", sectors.GetProperty("date").GetString());
        Assert.Equal("2024-11-29", top.GetProperty("date").GetString());
        Assert.Equal(10, top.GetProperty("n").GetInt32());
        Assert.Equal("PETR4", Assert.Single(top.GetProperty("items").EnumerateArray()).GetProperty("ticker").GetString());
    }

    [Theory]
    [InlineData("petr4", "2024-11-08", "2024-11-08", "NIVEL 2")]
    [InlineData("PETR4", "2024-11-30", "2024-11-08", "NIVEL 2")]
    [InlineData("PETR4", "2024-11-07", "2024-11-01", "TRADICIONAL")]
    public async Task AnInstrumentIsReadFromTheLatestRegisterOnOrBeforeTheDate(string ticker, string date, string reportDate, string governance)
    {
        var instrument = await fixture.GetJsonAsync($"/api/instruments/{ticker}?date={date}");

        Assert.Equal("PETR4", instrument.GetProperty("ticker").GetString());
        Assert.Equal(date, instrument.GetProperty("asOf").GetString());
        Assert.Equal(reportDate, instrument.GetProperty("reportDate").GetString());
        Assert.Equal(governance, instrument.GetProperty("corporateGovernanceLevel").GetString());
        Assert.Equal("SHARES", instrument.GetProperty("securityCategory").GetString());
    }

    /// <summary>The cash-market (TPMERC 010) records of the raw file, one per ticker.</summary>
    private static List<(string Ticker, decimal Volume, long Trades, long Quantity)> CashTotalsByTicker() =>
    [
        .. MarketData.Sample.Where(r => r.MarketType == MarketData.CashMarket)
            .GroupBy(r => r.Ticker)
            .Select(g => (g.Key, g.Sum(r => r.Volume), g.Sum(r => r.Trades), g.Sum(r => r.Quantity))),
    ];

    private static string? Text(JsonElement item, string name) => item.GetProperty(name).GetString();
}
