using System.Diagnostics;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Resilience;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace B3.EndToEnd.Tests;

/// <summary>
/// The Processor as its own process, killed with SIGKILL in the middle of its work and started again: a replacement
/// commits whole or not at all, the previous rows stay visible until it does, and every job ends succeeded.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CrashTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private const int PreviousRows = 2_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(3);
    private readonly ObjectKeys _keys = new();

    private Dictionary<string, string?> Environment => new(fixture.EnvironmentVariables)
    {
        ["Processor__LeaseDuration"] = "00:00:03",
        ["Processor__PollInterval"] = "00:00:00.200",
        ["Processor__ReconcileInterval"] = "00:00:00",
    };

    [Fact]
    public async Task AKilledLoadLeavesThePreviousRowsAndExactlyOneMoreAttemptFinishesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var previous = SyntheticCotahist.Numbered(new DateOnly(2023, 3, 15), PreviousRows);
        var replacement = SyntheticCotahist.Numbered(previous.Date, 400_000);
        await LoadAsync([previous], ct);

        var job = (await EnqueueAsync([replacement], ct))[0];
        var victim = ServiceProcess.Start("B3.Processor", Environment);
        await WaitForStatusAsync(job.Id, "processing", victim, ct);
        await Task.Delay(700, ct);
        await victim.DisposeAsync();

        Assert.Equal("processing", await StatusAsync(job.Id));
        Assert.Equal((long)PreviousRows, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1", previous.Key));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE etag = $1", job.ETag));

        await using var first = ServiceProcess.Start("B3.Processor", Environment);
        await using var second = ServiceProcess.Start("B3.Processor", Environment);
        await WaitForStatusAsync(job.Id, "succeeded", first, ct);

        await AssertLoadedAsync(replacement, job.ETag);
        // One killed attempt and exactly one more: the two restarted instances did not both run it.
        Assert.Equal(2, await fixture.ScalarAsync<int>("SELECT attempts FROM b3.ingestion_jobs WHERE id = $1", job.Id));
    }

    [Fact]
    public async Task KillsAtRandomPointsOfTenLoadsLeaveOldOrNewRowsNeverPartsAndEveryJobSucceeds()
    {
        const int Loads = 10;
        const int Kills = 10;
        const int ReplacementRows = 80_000;
        var ct = TestContext.Current.CancellationToken;
        var seed = System.Environment.TickCount;
        var random = new Random(seed);
        var days = Enumerable.Range(0, Loads).Select(i => new DateOnly(2023, 4, 3).AddDays(i * 7)).ToList();
        await LoadAsync(days.Select(day => SyntheticCotahist.Numbered(day, PreviousRows)).ToList(), ct);
        var replacements = days.Select(day => SyntheticCotahist.Numbered(day, ReplacementRows)).ToList();
        var jobs = await EnqueueAsync(replacements, ct);
        var ids = jobs.Select(job => job.Id).ToArray();
        // Kills, not failures, are under test: no job may run out of attempts however often a kill lands on it.
        await fixture.ExecuteAsync("UPDATE b3.ingestion_jobs SET max_attempts = 100 WHERE id = ANY($1)", (object)ids);
        var clock = Stopwatch.StartNew();

        var killsDuringLoads = 0;
        for (var kill = 0; kill < Kills && await CountAsync(ids, "succeeded") < Loads; kill++)
        {
            var victim = ServiceProcess.Start("B3.Processor", Environment);
            // Kills land in the loads, not in the start: the delay counts from when the Processor is up.
            await victim.WaitUntilHealthyAsync(StartTimeout, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 3_500)), ct);
            killsDuringLoads += await CountAsync(ids, "processing") > 0 ? 1 : 0;
            await victim.DisposeAsync();
            await AssertWholeVersionsAsync(replacements, jobs, $"after kill {kill + 1} (seed {seed})");
        }

        await using (var survivor = ServiceProcess.Start("B3.Processor", Environment))
        {
            var deadline = DateTime.UtcNow + LoadTimeout;
            while (await CountAsync(ids, "succeeded") < Loads)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Not every job succeeded after the kills (seed {seed}).\n{survivor.Output}");
                await Task.Delay(200, ct);
            }
        }

        var recovered = clock.Elapsed;
        for (var i = 0; i < Loads; i++)
        {
            await AssertLoadedAsync(replacements[i], jobs[i].ETag);
        }

        var attempts = await fixture.ScalarAsync<long>("SELECT sum(attempts) FROM b3.ingestion_jobs WHERE id = ANY($1)", (object)ids);
        Assert.True(killsDuringLoads > 0, $"No kill landed while a job was processing (seed {seed}).");
        ReliabilityReport.Record("crashes", $"{Loads} files × {ReplacementRows:N0} rows replacing {Loads} × {PreviousRows:N0}",
            $"Processor SIGKILLed at {Kills} random points, 0.3–3.5 s after each start was healthy ({killsDuringLoads} while a job was processing; seed {seed})",
            $"{Loads} succeeded after {attempts} attempts in all; after every kill each file held all its old rows or all its new ones; lost 0, duplicated 0, partial 0",
            recovered);
    }

    /// <summary>After a kill: each file's rows are all of the previous version or all of the replacement, and only a succeeded job has the replacement's.</summary>
    private async Task AssertWholeVersionsAsync(List<SyntheticCotahist> replacements, List<(long Id, string ETag)> jobs, string when)
    {
        for (var i = 0; i < replacements.Count; i++)
        {
            var (rows, replaced) = (await CountRowsAsync(replacements[i].Key, etag: null), await CountRowsAsync(replacements[i].Key, jobs[i].ETag));
            var succeeded = await StatusAsync(jobs[i].Id) == "succeeded";
            Assert.True(succeeded
                    ? rows == replacements[i].Quotes && replaced == rows
                    : rows == PreviousRows && replaced == 0,
                $"{replacements[i].Key} {when}: {rows} rows, {replaced} of the replacement, job {(succeeded ? "succeeded" : "not succeeded")}.");
        }
    }

    private async Task AssertLoadedAsync(SyntheticCotahist file, string etag)
    {
        Assert.Equal((long)file.Quotes, await CountRowsAsync(file.Key, etag: null));
        Assert.Equal((long)file.Quotes, await CountRowsAsync(file.Key, etag));
        Assert.Equal(file.Volume, await fixture.ScalarAsync<decimal>("SELECT sum(volume) FROM b3.daily_quotes WHERE object_key = $1", file.Key));
    }

    /// <summary>Stores and loads the files with one Processor that is then stopped.</summary>
    private async Task LoadAsync(List<SyntheticCotahist> files, CancellationToken ct)
    {
        var ids = (await EnqueueAsync(files, ct)).Select(job => job.Id).ToArray();
        await using var processor = ServiceProcess.Start("B3.Processor", Environment);
        foreach (var id in ids)
        {
            await WaitForStatusAsync(id, "succeeded", processor, ct);
        }
    }

    /// <summary>Stores each file and records its job, as the Worker's webhook would.</summary>
    private async Task<List<(long Id, string ETag)>> EnqueueAsync(List<SyntheticCotahist> files, CancellationToken ct)
    {
        var retry = new RetrySettings();
        using var client = StorageExtensions.CreateClient(fixture.StorageSettings, retry);
        var storage = new StorageManager(client, fixture.StorageSettings, _keys, OperationPipelines.Create(retry), NullLogger<StorageManager>.Instance);
        var jobs = new IngestionJobStore(fixture.DataSource);
        var enqueued = new List<(long, string)>();
        foreach (var file in files)
        {
            var stored = await storage.UploadAsync(file.Key, new MemoryStream(file.Content), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
            Assert.True(_keys.TryParse(file.Key, out var key));
            var result = await jobs.EnqueueAsync(new IngestionRequest(fixture.BucketName, key, stored.ETag, file.Content.Length), new IngestionEvent(null, "test", "{}"), ct);
            enqueued.Add((result.JobId, stored.ETag));
        }

        return enqueued;
    }

    private Task<long> CountRowsAsync(string key, string? etag) => etag is null
        ? fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1", key)
        : fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1 AND etag = $2", key, etag);

    private async Task<int> CountAsync(long[] ids, string status) =>
        (int)await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.ingestion_jobs WHERE id = ANY($1) AND status = $2", ids, status);

    private Task<string> StatusAsync(long jobId) => fixture.ScalarAsync<string>("SELECT status FROM b3.ingestion_jobs WHERE id = $1", jobId);

    private async Task WaitForStatusAsync(long jobId, string status, ServiceProcess processor, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (await StatusAsync(jobId) != status)
        {
            if (DateTime.UtcNow > deadline || processor.HasExited)
            {
                throw new TimeoutException($"Job {jobId} never became {status} (now {await StatusAsync(jobId)}):\n{processor.Output}");
            }

            await Task.Delay(20, ct);
        }
    }
}
