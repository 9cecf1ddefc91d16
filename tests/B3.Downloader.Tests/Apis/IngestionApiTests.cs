using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using B3.Testing.FakeB3;

namespace B3.Downloader.Tests.Apis;

public sealed class IngestionApiTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    [Fact]
    public async Task RunStoresTheDayAndAnswersWithItsKeys()
    {
        await using var api = Start(fixture.ApiKey);

        var body = await PostAsync(api.Client, "/ingestion/run?dt=2025-12-05&dataset=instruments", HttpStatusCode.OK);

        Assert.Equal("2025-12-05", body["date"]!.GetValue<string>());
        Assert.Equal(["b3/instruments/2025-12-05.csv"], body["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("stored", body["results"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("instruments", body["results"]![0]!["dataset"]!.GetValue<string>());
        Assert.Equal(Samples.Instruments, await fixture.ReadAsync("b3/instruments/2025-12-05.csv"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("all but its last character")]
    public async Task RefusesARequestWithoutTheApiKey(string? apiKey)
    {
        var ct = TestContext.Current.CancellationToken;
        apiKey = apiKey == "all but its last character" ? fixture.ApiKey[..^1] : apiKey;
        await using var api = Start(apiKey);
        var client = api.Client;

        using var run = await client.PostAsync("/ingestion/run?dt=2025-12-05", null, ct);
        using var backfill = await client.PostAsync("/ingestion/backfill?start=2025-12-01&end=2025-12-05", null, ct);
        using var progress = await client.GetAsync("/ingestion/backfill/abc", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, run.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, backfill.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, progress.StatusCode);
        Assert.Empty(fixture.B3.Requests);
    }

    [Theory]
    [InlineData("/ingestion/run?dt=2025-13-40", "dt")]
    [InlineData("/ingestion/run", "dt")]
    [InlineData("/ingestion/run?dt=2025-12-05&dataset=options", "dataset")]
    [InlineData("/ingestion/backfill?start=2025-12-01&end=yesterday", "end")]
    [InlineData("/ingestion/backfill?start=2025-12-05&end=2025-12-01", "start")]
    public async Task AnswersABadParameterWithAProblemThatNamesIt(string url, string parameter)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Start(fixture.ApiKey);
        var client = api.Client;

        using var response = await client.PostAsync(url, null, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        Assert.Contains(parameter, problem!["detail"]!.GetValue<string>());
        Assert.NotEmpty(problem["errors"]![parameter]!.AsArray());
    }

    [Fact]
    public async Task AnswersAFailedDownloadWith502AndTheReason()
    {
        await using var api = Start(fixture.ApiKey);
        fixture.B3.Always(FakeB3Route.Cotahist, FakeResponse.Status(503));

        var body = await PostAsync(api.Client, "/ingestion/run?dt=2025-12-02&dataset=cotahist", HttpStatusCode.BadGateway);

        Assert.Empty(body["keys"]!.AsArray());
        Assert.Equal("failed", body["results"]![0]!["status"]!.GetValue<string>());
        Assert.Contains("COTAHIST_D02122025.ZIP: HTTP 503", body["results"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunsABackfillInTheBackgroundAndReportsItsProgress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Start(fixture.ApiKey);
        var client = api.Client;

        using var accepted = await client.PostAsync("/ingestion/backfill?start=2025-11-03&end=2025-11-07&dataset=cotahist", null, ct);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var started = await accepted.Content.ReadFromJsonAsync<JsonObject>(ct);
        var id = started!["id"]!.GetValue<string>();
        Assert.Equal($"/ingestion/backfill/{id}", accepted.Headers.Location!.AbsolutePath);

        JsonObject progress;
        do
        {
            await Task.Delay(100, ct);
            progress = (await client.GetFromJsonAsync<JsonObject>(accepted.Headers.Location, ct))!;
        }
        while (progress["state"]!.GetValue<string>() == "running");

        Assert.Equal("succeeded", progress["state"]!.GetValue<string>());
        Assert.Equal(5, progress["total"]!.GetValue<int>());
        Assert.Equal(5, progress["stored"]!.GetValue<int>());
        Assert.Equal(
            ["b3/cotahist/2025-11-03.zip", "b3/cotahist/2025-11-04.zip", "b3/cotahist/2025-11-05.zip", "b3/cotahist/2025-11-06.zip", "b3/cotahist/2025-11-07.zip"],
            progress["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ingestion/backfill/unknown", ct)).StatusCode);
    }

    [Fact]
    public async Task ServesTheHealthEndpoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Start(apiKey: null);
        var client = api.Client;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", ct)).StatusCode);
    }

    [Fact]
    public async Task RefusesToStartWithoutAnApiKey()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["API_KEY"] = string.Empty };
        await using var factory = new DownloaderApiFactory(settings);

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("API_KEY", failure.ToString());
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string url, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(url, null, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
    }

    /// <summary>A fresh fake B3 log and the worker in memory, with a client that sends <paramref name="apiKey"/>.</summary>
    private Api Start(string? apiKey)
    {
        fixture.B3.Reset();
        var factory = new DownloaderApiFactory(fixture.Settings);
        return new Api(factory, factory.CreateClient(apiKey));
    }

    private sealed record Api(DownloaderApiFactory Factory, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
