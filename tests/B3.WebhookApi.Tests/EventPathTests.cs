using System.Diagnostics;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Npgsql;

namespace B3.WebhookApi.Tests;

/// <summary>
/// The event path with no cloud: an object PUT into the S3 stand-in raises an event that the local Cloudflare emulator
/// queues for the real Worker (in workerd), which POSTs a signed webhook to the WebhookApi running as its own process.
/// </summary>
public sealed class EventPathTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AnObjectPutIntoStorageIsAQueuedJobWithinTwoSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var emulator = await NodeScripts.StartAsync(
            RepositoryPaths.Workers,
            Path.Combine("emulator", "index.mjs"),
            ["--s3", "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>
            {
                ["WEBHOOK_URL"] = new Uri(api, "/webhooks/r2/object-created").ToString(),
                ["WEBHOOK_SECRET"] = fixture.WebhookSecret,
                ["WRANGLER_SEND_METRICS"] = "false",
            });
        var s3 = S3Server.EndpointFrom(emulator.Ready, "s3");
        var environment = new Dictionary<string, string?>(fixture.EnvironmentVariables)
        {
            ["LOCAL_R2_ENDPOINT"] = s3.Url.ToString(),
            ["LOCAL_R2_ACCESS_KEY"] = s3.AccessKey,
            ["LOCAL_R2_SECRET_KEY"] = s3.SecretKey,
        };
        await using var webhookApi = ServiceProcess.Start("B3.WebhookApi", environment, api);
        await webhookApi.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), ct);

        var settings = new StorageSettings(s3.Url, s3.AccessKey, s3.SecretKey, fixture.BucketName, "us-east-1");
        var retry = new RetrySettings();
        using var client = StorageExtensions.CreateClient(settings, retry);
        var storage = TestStorage.Over(client, settings, retry);
        var body = new byte[48_213];
        Random.Shared.NextBytes(body);
        const string Key = "b3/trades/2025-01-27.csv";

        var stored = await storage.UploadAsync(Key, new MemoryStream(body), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        var clock = Stopwatch.StartNew();
        var job = await WaitForJobAsync(Key, ct);
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < Deadline, $"The job appeared after {elapsed.TotalMilliseconds:F0} ms.\n{webhookApi.Output}");
        Assert.Equal((stored.ETag, (long)body.Length, "queued"), job);
    }

    private async Task<(string ETag, long Size, string Status)> WaitForJobAsync(string key, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var giveUp = Stopwatch.StartNew();
        while (giveUp.Elapsed < TimeSpan.FromSeconds(15))
        {
            await using var command = dataSource.CreateCommand("SELECT etag, object_size, status FROM b3.ingestion_jobs WHERE object_key = $1");
            command.Parameters.Add(new() { Value = key });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return (reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
            }

            await Task.Delay(25, ct);
        }

        throw new TimeoutException($"No job for {key} within 15 s.");
    }
}
