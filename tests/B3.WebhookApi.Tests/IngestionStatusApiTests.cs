using System.Text.Json;

namespace B3.WebhookApi.Tests;

[Collection(QueryApiCollection.Name)]
public sealed class IngestionStatusApiTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task EachJobShowsItsStateAttemptsRowsAndLastError()
    {
        var page = await fixture.GetJsonAsync("/api/ingestions");

        var jobs = Items(page);
        Assert.Equal(7, page.GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        var loaded = jobs.Single(j => j.GetProperty("key").GetString() == "b3/cotahist/2024-11-08.zip");
        Assert.Equal("succeeded", loaded.GetProperty("state").GetString());
        Assert.Equal(1, loaded.GetProperty("attempts").GetInt32());
        Assert.Equal(12224, loaded.GetProperty("rowsLoaded").GetInt64());
        Assert.Equal(2, loaded.GetProperty("rowsQuarantined").GetInt64());
        Assert.Equal(JsonValueKind.Null, loaded.GetProperty("lastError").ValueKind);
        Assert.Equal("e1", loaded.GetProperty("etag").GetString());
        Assert.Equal("2024-11-08", loaded.GetProperty("tradeDate").GetString());
        var dead = jobs.Single(j => j.GetProperty("state").GetString() == "dead");
        Assert.Equal(5, dead.GetProperty("attempts").GetInt32());
        Assert.Equal("Line 1 is not the trades header", dead.GetProperty("lastError").GetString());
        // Newest trading day first; the yearly file, which has none, last.
        Assert.Equal(["2024-11-08", "2024-11-08", "2024-11-08", "2024-11-08", "2024-11-07", "2024-11-07", null], jobs.Select(j => j.GetProperty("tradeDate").GetString()));
    }

    [Theory]
    [InlineData("?status=failed,dead", new[] { "e2", "e3", "e6" })]
    [InlineData("?status=SUCCEEDED&dataset=cotahist", new[] { "e1", "e5" })]
    [InlineData("?dataset=cotahist&from=2024-11-07&to=2024-11-07", new[] { "e4" })]
    [InlineData("?from=2024-11-08", new[] { "e1", "e2", "e6", "e7" })]
    public async Task JobsAreFilteredByStateDatasetAndTradingDay(string query, string[] etags)
    {
        var page = await fixture.GetJsonAsync($"/api/ingestions{query}");

        Assert.Equal(etags, Items(page).Select(j => j.GetProperty("etag").GetString()).Order());
        Assert.Equal(etags.Length, page.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task JobsArePaged()
    {
        var first = await fixture.GetJsonAsync("/api/ingestions?status=succeeded,failed&pageSize=2");
        var second = await fixture.GetJsonAsync(first.GetProperty("next").GetString()!);

        Assert.Equal("/api/ingestions?status=succeeded,failed&page=2&pageSize=2", first.GetProperty("next").GetString());
        Assert.Equal(5, first.GetProperty("total").GetInt64());
        Assert.Equal(2, Items(first).Count);
        Assert.Equal(2, Items(second).Count);
        Assert.Empty(Items(first).Select(Id).Intersect(Items(second).Select(Id)));
    }

    [Fact]
    public async Task TheDailyStatusGivesEveryDatasetOnEachTradingDayItsLatestJob()
    {
        // 2024-11-09 is a Saturday: the window ends on Friday the 8th.
        var calendar = await fixture.GetJsonAsync("/api/ingestions/daily?to=2024-11-09&days=3");

        Assert.Equal("2024-11-06", calendar.GetProperty("from").GetString());
        Assert.Equal("2024-11-08", calendar.GetProperty("to").GetString());
        Assert.Equal(["instruments", "trades", "cotahist", "ibov", "corporate-actions"], calendar.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
        var days = calendar.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("datasets"));
        Assert.Equal(["2024-11-06", "2024-11-07", "2024-11-08"], days.Keys);
        Assert.Equal(["missing", "missing", "missing", "missing", "missing"], States(days["2024-11-06"]));
        Assert.Equal(["missing", "dead", "processing", "missing", "missing"], States(days["2024-11-07"]));
        // The IBOV file was uploaded twice; its second version loaded.
        Assert.Equal(["failed", "missing", "succeeded", "succeeded", "missing"], States(days["2024-11-08"]));
        Assert.Equal(86, days["2024-11-08"].GetProperty("ibov").GetProperty("rowsLoaded").GetInt64());
        Assert.Equal("HTTP 503 from storage", days["2024-11-08"].GetProperty("instruments").GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task TheDailyStatusCoversThirtyTradingDaysByDefault()
    {
        var calendar = await fixture.GetJsonAsync("/api/ingestions/daily?to=2024-11-29");

        var days = calendar.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()).ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal("2024-11-29", days[^1]);
        Assert.DoesNotContain("2024-11-20", days);
        Assert.DoesNotContain("2024-11-15", days);
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static long Id(JsonElement job) => job.GetProperty("id").GetInt64();

    private static IEnumerable<string?> States(JsonElement datasets) =>
        new[] { "instruments", "trades", "cotahist", "ibov", "corporate-actions" }.Select(d => datasets.GetProperty(d).GetProperty("state").GetString());
}
