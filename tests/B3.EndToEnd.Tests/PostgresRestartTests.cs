using System.Diagnostics;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Npgsql;

namespace B3.EndToEnd.Tests;

/// <summary>
/// PostgreSQL stopped (a fast shutdown: sessions end, open transactions roll back) and started again while files keep
/// arriving through the real event path (S3 stand-in → emulator queue → Worker → WebhookApi) and the Processor loads:
/// every file is loaded exactly once, and the services recover by themselves.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class PostgresRestartTests(PrivatePostgresPipelineFixture fixture) : IClassFixture<PrivatePostgresPipelineFixture>
{
    private const int Files = 30;
    private const int RestartAfter = 10;
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ARestartDuringEventsAndLoadsLosesNothingAndLoadsEachFileOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = Enumerable.Range(0, Files).Select(i => SyntheticCotahist.For(new DateOnly(2022, 1, 3).AddDays(i * 7), 2_000)).ToList();
        var settings = fixture.StorageSettings with { Endpoint = fixture.EmulatorS3.Url, AccessKey = fixture.EmulatorS3.AccessKey, SecretKey = fixture.EmulatorS3.SecretKey };
        var retry = new RetrySettings();
        using var client = StorageExtensions.CreateClient(settings, retry);
        var storage = TestStorage.Over(client, settings, retry);
        var clock = Stopwatch.StartNew();
        var downFor = Stopwatch.StartNew();

        for (var i = 0; i < Files; i++)
        {
            if (i == RestartAfter)
            {
                await fixture.Postgres.StopAsync();
                downFor.Restart();
            }

            if (i > RestartAfter && downFor.IsRunning && downFor.Elapsed >= Downtime)
            {
                await fixture.Postgres.StartAgainAsync();
                downFor.Stop();
            }

            await storage.UploadAsync(files[i].Key, new MemoryStream(files[i].Content), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
            await Task.Delay(500, ct);
        }

        if (downFor.IsRunning)
        {
            await Task.Delay(Downtime - downFor.Elapsed, ct);
            await fixture.Postgres.StartAgainAsync();
        }

        fixture.DataSource.Clear();
        var keys = files.Select(file => file.Key).ToArray();
        var deadline = DateTime.UtcNow + Timeout;
        while (await ScalarAsync<long>("SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND status = 'succeeded'", keys) < Files)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Not every file loaded after the restart.\n{fixture.WebhookApi.Output[^Math.Min(3000, fixture.WebhookApi.Output.Length)..]}\n{fixture.Processor.Output[^Math.Min(3000, fixture.Processor.Output.Length)..]}");
            await Task.Delay(250, ct);
        }

        var recovered = clock.Elapsed;
        Assert.Equal((long)Files, await ScalarAsync<long>("SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = ANY($1)", keys));
        Assert.Equal(files.Sum(file => (long)file.Quotes), await ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = ANY($1)", keys));
        Assert.Equal(files.Sum(file => file.Volume), await ScalarAsync<decimal>("SELECT sum(volume) FROM b3.daily_quotes WHERE object_key = ANY($1)", keys));
        var viaReconciler = await ScalarAsync<long>(
            "SELECT count(*) FROM b3.ingestion_jobs j JOIN b3.webhook_events e ON e.id = j.webhook_event_id WHERE j.object_key = ANY($1) AND e.source = 'reconciler'", keys);
        ReliabilityReport.Record("PostgreSQL restart", $"{Files} files × 2,000 rows PUT every 0.5 s through the event path",
            $"PostgreSQL stopped (fast shutdown) after {RestartAfter} PUTs for {Downtime.TotalSeconds:F0} s while PUTs, events and loads went on",
            $"{Files} loaded once each ({Files - viaReconciler} by their events, {viaReconciler} by the reconciler), lost 0, duplicated 0", recovered);
    }

    private async Task<T> ScalarAsync<T>(string sql, string[] keys)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
