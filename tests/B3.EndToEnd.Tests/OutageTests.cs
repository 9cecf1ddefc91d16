using System.Diagnostics;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Npgsql;

namespace B3.EndToEnd.Tests;

/// <summary>
/// The S3 stand-in stopped for 20 s and PostgreSQL restarted mid-run (both private to the test, started again on the
/// same port and data): the Processor retries with backoff, reconnects, takes over its own abandoned jobs when their
/// leases expire, and loses nothing.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class OutageTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    private static readonly TimeSpan StorageOutage = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DatabaseDowntime = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AStorageOutageAndAPostgresRestartMidRunDelayFilesButLoseNone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var postgres = await PostgresCluster.StartAsync();
        var (s3Port, s3Folder) = (FreePort.Next(), Directory.CreateTempSubdirectory("b3-outage-s3-").FullName);
        var (s3, standIn) = await S3Server.StartStandInAsync(port: s3Port, directory: s3Folder);
        await using var stopped = standIn;
        var database = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Timeout = 3 };
        var environment = new Dictionary<string, string?>(fixture.EnvironmentVariables)
        {
            ["ConnectionStrings__b3db"] = database.ConnectionString,
            ["LOCAL_R2_ENDPOINT"] = s3.Url.ToString(),
            ["Processor__LeaseDuration"] = "00:00:05",
            // Five attempts must outlast the storage outage, or a job rightly gives up: with the jitter at its lowest the
            // waits between them are 2 + 4 + 8 + 16 s. With 2 s they were 15 s in all, and a job could die inside 20 s.
            ["Processor__RetryDelay"] = "00:00:04",
            ["Processor__PollInterval"] = "00:00:00.500",
            ["Processor__ReconcileInterval"] = "00:00:00",
            ["Resilience__AttemptTimeout"] = "00:00:05",
        };
        await using var processor = ServiceProcess.Start("B3.Processor", environment);
        await processor.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90), ct);

        var files = Enumerable.Range(0, 20).Select(i => SyntheticCotahist.For(new DateOnly(2022, 8, 1).AddDays(i * 7), 2_000)).ToList();
        var retry = new RetrySettings();
        var settings = fixture.StorageSettings with { Endpoint = s3.Url };
        using var client = StorageExtensions.CreateClient(settings, retry);
        var storage = TestStorage.Over(client, settings, retry);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var jobs = new IngestionJobStore(dataSource);
        var keys = new ObjectKeys();
        var stored = new List<(ObjectKey Key, string ETag, int Size)>();
        foreach (var file in files)
        {
            var put = await storage.UploadAsync(file.Key, new MemoryStream(file.Content), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
            Assert.True(keys.TryParse(file.Key, out var key));
            stored.Add((key, put.ETag, file.Content.Length));
        }

        // Storage goes down with every object stored and before any job exists, so every load meets the outage.
        var clock = Stopwatch.StartNew();
        await standIn.DisposeAsync();
        foreach (var (key, etag, size) in stored)
        {
            await jobs.EnqueueAsync(new IngestionRequest(fixture.BucketName, key, etag, size), new IngestionEvent(null, "test", "{}"), ct);
        }

        await Task.Delay(StorageOutage, ct);
        await using var restarted = (await S3Server.StartStandInAsync(port: s3Port, directory: s3Folder)).StandIn;

        // The restart comes once loading has begun, so it ends sessions in the middle of loads and claims.
        var all = files.Select(f => f.Key).ToArray();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long succeededAtRestart;
        while ((succeededAtRestart = await CountAsync(dataSource, "SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND status = 'succeeded'", all)) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No job succeeded after storage came back.\n{processor.Output[^Math.Min(4000, processor.Output.Length)..]}");
            await Task.Delay(50, ct);
        }

        await postgres.StopAsync();
        await Task.Delay(DatabaseDowntime, ct);
        await postgres.StartAgainAsync();
        dataSource.Clear();
        Assert.True(succeededAtRestart < files.Count, "Every file had loaded before PostgreSQL restarted: the restart did not hit the run.");

        while (await CountAsync(dataSource, "SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND status = 'succeeded'", all) < files.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not every job succeeded after the outages.\n{processor.Output[^Math.Min(4000, processor.Output.Length)..]}");
            var given = await ScalarAsync<object>(
                dataSource, "SELECT string_agg(object_key || ' ' || status || ' after ' || attempts || ' attempts: ' || last_error, '; ') FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND status IN ('dead', 'failed')", all);
            Assert.True(given is DBNull, $"Jobs given up: {given}");
            await Task.Delay(250, ct);
        }

        var recovered = clock.Elapsed;
        Assert.Equal(files.Sum(f => (long)f.Quotes), await CountAsync(dataSource, "SELECT count(*) FROM b3.daily_quotes WHERE object_key = ANY($1)", all));
        Assert.Equal(files.Sum(f => f.Volume), await ScalarAsync<decimal>(dataSource, "SELECT sum(volume) FROM b3.daily_quotes WHERE object_key = ANY($1)", all));
        var attempts = await CountAsync(dataSource, "SELECT sum(attempts) FROM b3.ingestion_jobs WHERE object_key = ANY($1)", all);
        Assert.True(attempts > files.Count, "No job was retried: the outages did not hit the run.");
        ReliabilityReport.Record("outages", $"{files.Count} files × 2,000 rows",
            $"S3 stand-in stopped for {StorageOutage.TotalSeconds:F0} s from the start; PostgreSQL stopped (fast shutdown) for {DatabaseDowntime.TotalSeconds:F0} s and started again once {succeededAtRestart} of {files.Count} files had loaded",
            $"{files.Count} succeeded after {attempts} attempts in all, lost 0, duplicated 0", recovered);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, string[] keys) =>
        Convert.ToInt64(await ScalarAsync<object>(dataSource, sql, keys), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, string[] keys)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
