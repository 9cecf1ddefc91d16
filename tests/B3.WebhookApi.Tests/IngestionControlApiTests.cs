using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.WebhookApi.Tests;

public sealed class IngestionControlApiTests(WebhookIntakeFixture fixture) : IClassFixture<WebhookIntakeFixture>
{
    private const string Key = "b3/trades/2025-02-14.csv";

    [Fact]
    public async Task ReprocessQueuesTheObjectsCurrentVersionAndReplayDeadPutsDeadJobsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var retry = new RetrySettings();
        using var s3 = StorageExtensions.CreateClient(fixture.StorageSettings, retry);
        var storage = TestStorage.Over(s3, fixture.StorageSettings, retry);
        var stored = await storage.UploadAsync(Key, new MemoryStream([1, 2, 3, 4]), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", fixture.ApiKey);

        using var reprocess = await client.PostAsync($"/ingestion/reprocess?key={Key}", null, ct);

        Assert.Equal(HttpStatusCode.Accepted, reprocess.StatusCode);
        var job = await reprocess.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = job.GetProperty("id").GetInt64();
        Assert.Equal(stored.ETag, job.GetProperty("eTag").GetString());
        Assert.Equal(1L, await fixture.CountAsync("SELECT count(*) FROM b3.ingestion_jobs WHERE id = $1 AND etag = $2 AND status = 'queued'", id, stored.ETag));

        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString))
        await using (var kill = dataSource.CreateCommand("UPDATE b3.ingestion_jobs SET status = 'dead', attempts = 5 WHERE id = $1"))
        {
            kill.Parameters.Add(new() { Value = id });
            await kill.ExecuteNonQueryAsync(ct);
        }

        using var replay = await client.PostAsync("/ingestion/replay-dead?dataset=trades", null, ct);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement[]>(ct);
        Assert.Contains(replayed!, j => j.GetProperty("id").GetInt64() == id && j.GetProperty("previousStatus").GetString() == "dead");
        Assert.Equal(1L, await fixture.CountAsync("SELECT count(*) FROM b3.ingestion_jobs WHERE id = $1 AND status = 'queued' AND attempts = 0", id));
    }

    [Theory]
    [InlineData("/ingestion/reprocess?key=b3/trades/2025-02-14.csv", null, HttpStatusCode.Unauthorized)]
    [InlineData("/ingestion/reprocess?key=b3/trades/latest.csv", "key", HttpStatusCode.BadRequest)]
    [InlineData("/ingestion/reprocess?key=b3/trades/2030-01-02.csv", "key", HttpStatusCode.NotFound)]
    [InlineData("/ingestion/replay-dead?dataset=futures", "key", HttpStatusCode.BadRequest)]
    public async Task BadRequestsAreRefusedWithProblems(string url, string? withKey, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        if (withKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", fixture.ApiKey);
        }

        using var response = await client.PostAsync(url, null, ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
