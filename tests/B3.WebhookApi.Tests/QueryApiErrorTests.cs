using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using B3.ServiceDefaults.Hardening;

namespace B3.WebhookApi.Tests;

[Collection(QueryApiCollection.Name)]
public sealed class QueryApiErrorTests(QueryApiFixture fixture)
{
    public static readonly TheoryData<string> DataEndpoints =
    [
        "/api/quotes/PETR4?from=2024-11-01&to=2024-11-30",
        "/api/instruments/PETR4?date=2024-11-08",
        "/api/ingestions",
        "/api/ingestions/daily?to=2024-11-08",
        "/api/sectors?date=2024-11-08",
        "/api/top?date=2024-11-08&n=5",
    ];

    [Theory]
    [InlineData("/api/quotes/PETR4?from=2024-13-01", "from")]
    [InlineData("/api/quotes/PETR4?to=yesterday", "to")]
    [InlineData("/api/quotes/PETR4?from=08/11/2024", "from")]
    [InlineData("/api/quotes/PE$R4", "ticker")]
    [InlineData("/api/quotes/PETR4?pageSize=5000", "pageSize")]
    [InlineData("/api/quotes/PETR4?page=0", "page")]
    [InlineData("/api/instruments/PETR4?date=2024-02-30", "date")]
    [InlineData("/api/sectors?date=tomorrow", "date")]
    [InlineData("/api/top?date=2024-11-08&n=0", "n")]
    [InlineData("/api/top?date=2024-11-08&n=ten", "n")]
    [InlineData("/api/ingestions?status=done", "status")]
    [InlineData("/api/ingestions?dataset=options", "dataset")]
    [InlineData("/api/ingestions?to=2024-11-31", "to")]
    [InlineData("/api/ingestions/daily?days=0", "days")]
    [InlineData("/api/ingestions/daily?to=1900-01-02", "to")]
    public async Task ABadParameterAnswers400NamingIt(string path, string parameter)
    {
        var problem = await GetProblemAsync(path, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains(parameter, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/quotes/PETR4?from=2024-11-30&to=2024-11-01")]
    [InlineData("/api/ingestions?from=2024-11-30&to=2024-11-01")]
    public async Task FromAfterToAnswers400(string path)
    {
        var problem = await GetProblemAsync(path, HttpStatusCode.BadRequest);

        Assert.Equal(["from (2024-11-30) is after to (2024-11-01)."], problem.GetProperty("errors").GetProperty("from").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/api/quotes/NOPE4?from=2024-11-01&to=2024-11-30", "NOPE4 has no daily bars")]
    [InlineData("/api/quotes/petrk370", "PETRK370 has no daily bars")]
    [InlineData("/api/instruments/VALE3?date=2024-11-07", "VALE3 is in no instruments register on or before 2024-11-07")]
    [InlineData("/api/instruments/nope4", "NOPE4 is in no instruments register")]
    public async Task AnUnknownTickerAnswers404(string path, string detail)
    {
        var problem = await GetProblemAsync(path, HttpStatusCode.NotFound);

        Assert.Equal("Unknown ticker", problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(DataEndpoints))]
    public async Task WithoutTheApiKeyADataEndpointAnswers401(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = fixture.Factory.CreateClient();
        using var wrongKey = fixture.Factory.CreateClient();
        wrongKey.DefaultRequestHeaders.Add(ApiKeySettings.HeaderName, fixture.ApiKey + "x");

        foreach (var client in new[] { anonymous, wrongKey })
        {
            using var response = await client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var withKey = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync(path, ct)).StatusCode);
    }

    private async Task<JsonElement> GetProblemAsync(string path, HttpStatusCode status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(path, ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
