using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace B3.WebhookApi.Tests;

[Collection(QueryApiCollection.Name)]
public sealed class OpenApiAndDashboardFilesTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheQueryApiAndItsKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/quotes/{ticker}", "/api/corporate-actions/{ticker}", "/api/instruments/{ticker}", "/api/ingestions", "/api/ingestions/daily", "/api/sectors", "/api/top" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Contains("ApiKey", get.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(s => s.Name));
            Assert.True(get.GetProperty("responses").TryGetProperty("401", out _), $"{path} documents 401");
            Assert.True(get.GetProperty("responses").TryGetProperty("400", out _), $"{path} documents 400");
        }

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var quotes = paths.GetProperty("/api/quotes/{ticker}").GetProperty("get");
        Assert.True(quotes.GetProperty("responses").TryGetProperty("404", out _));
        Assert.Equal(
            ["ticker", "from", "to", "page", "pageSize", "adjusted"],
            quotes.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/dashboard.js", "text/javascript")]
    [InlineData("/quote-chart.js", "text/javascript")]
    [InlineData("/dashboard.css", "text/css")]
    [InlineData("/lib/chart.umd.min.js", "text/javascript")]
    public async Task TheDashboardAndItsChartLibraryArePublic(string path, string mediaType)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True((await response.Content.ReadAsByteArrayAsync(ct)).Length > 0);
    }
}
