using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.Core.Tests.Alerts;

/// <summary>
/// The runbook's job commands against the real services: <c>b3-downloader replay-dead</c> and <c>reprocess</c> as
/// processes, and the Processor as a process that picks their jobs up.
/// </summary>
public sealed class ReplayDeadTests(ReplayDeadTests.Fixture fixture) : IClassFixture<ReplayDeadTests.Fixture>
{
    private const string Key = "b3/trades/2020-07-24.csv";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReplayDeadPutsMatchingDeadJobsBackInTheQueueAndTheProcessorRunsThem()
    {
        await fixture.ExecuteAsync("DELETE FROM b3.ingestion_jobs");
        var dead = await fixture.InsertJobAsync(Key, fixture.ETag, "dead");
        var otherDead = await fixture.InsertJobAsync("b3/trades/2020-07-23.csv", "gone", "dead");
        var failed = await fixture.InsertJobAsync("b3/trades/2020-07-22.csv", "wrong", "failed");

        var dryRun = await fixture.RunCliAsync("replay-dead", "--key", Key, "--dry-run");
        var statusAfterDryRun = await fixture.StatusAsync(dead);
        var run = await fixture.RunCliAsync("replay-dead", "--dataset", "trades", "--from", "2020-07-24", "--to", "2020-07-24");
        await fixture.WaitForStatusAsync(dead, "succeeded");

        Assert.Equal((0, Key), (dryRun.ExitCode, dryRun.Output.Trim()));
        Assert.Equal("dead", statusAfterDryRun);
        Assert.Equal((0, Key), (run.ExitCode, run.Output.Trim()));
        Assert.Contains("1 job(s) were put back in the queue", run.Error);
        Assert.True(await fixture.ScalarAsync<long>("SELECT rows_loaded FROM b3.ingestion_jobs WHERE id = $1", dead) > 0);
        Assert.Equal(1, await fixture.ScalarAsync<int>("SELECT attempts FROM b3.ingestion_jobs WHERE id = $1", dead));
        Assert.Equal("dead", await fixture.StatusAsync(otherDead));
        Assert.Equal("failed", await fixture.StatusAsync(failed));
    }

    [Fact]
    public async Task ReprocessQueuesTheStoredVersionOfAnObjectAgainWhateverItsJobEndedAs()
    {
        await fixture.ExecuteAsync("DELETE FROM b3.ingestion_jobs WHERE object_key = $1", Key);
        var first = await fixture.RunCliAsync("reprocess", "--key", Key);
        var job = await fixture.ScalarAsync<long>("SELECT id FROM b3.ingestion_jobs WHERE object_key = $1", Key);
        await fixture.WaitForStatusAsync(job, "succeeded");
        var firstFinish = await fixture.ScalarAsync<DateTime>("SELECT finished_at FROM b3.ingestion_jobs WHERE id = $1", job);
        var again = await fixture.RunCliAsync("reprocess", "--from", "2020-07-01", "--to", "2020-07-31", "--dataset", "trades");
        await fixture.WaitForStatusAsync(job, "succeeded", finishedAfter: firstFinish);
        var usage = await fixture.RunCliAsync("reprocess", "--key", Key, "--from", "2020-07-01");

        Assert.Equal((0, Key), (first.ExitCode, first.Output.Trim()));
        Assert.Equal((0, Key), (again.ExitCode, again.Output.Trim()));
        Assert.Contains($"queued job {job} (succeeded)", again.Error);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = $1", Key));
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.webhook_events WHERE source = 'manual'"));
        Assert.Equal(2, usage.ExitCode);
    }

    public sealed class Fixture : MigratedDatabaseFixture
    {
        private ServiceProcess _processor = null!;

        public string ETag { get; private set; } = null!;

        private IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>(EnvironmentVariables)
        {
            ["Processor__PollInterval"] = "00:00:30",
            ["Processor__ReconcileInterval"] = "00:00:00",
        };

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            var retry = new RetrySettings();
            using var s3 = StorageExtensions.CreateClient(StorageSettings, retry);
            var storage = TestStorage.Over(s3, StorageSettings, retry);
            await using var sample = File.OpenRead(Path.Combine(RepositoryPaths.Shared, "b3-samples", "TradeInformationConsolidatedFile_20200724_EXCERPT_9_rows.csv"));
            ETag = (await storage.UploadAsync(Key, sample, new ObjectProvenance(null, DateTimeOffset.UtcNow))).ETag;
            // A long poll interval: a replayed job that runs at once was woken by the command's NOTIFY.
            _processor = ServiceProcess.Start("B3.Processor", Environment);
            await _processor.WaitUntilHealthyAsync(Timeout);
        }

        public override async ValueTask DisposeAsync()
        {
            await _processor.DisposeAsync();
            await base.DisposeAsync();
        }

        public Task<ProcessRun> RunCliAsync(params string[] arguments) => ServiceProcess.RunAsync("B3.Downloader", arguments, Environment, Timeout);

        public Task<long> InsertJobAsync(string key, string etag, string status) => ScalarAsync<long>(
            """
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, status, attempts, last_error, finished_at)
            VALUES ($1, $2, $3, 'trades', to_date(split_part(split_part($2, '/', 3), '.', 1), 'YYYY-MM-DD'), $4, 5, 'simulated', now())
            RETURNING id
            """, BucketName, key, etag, status);

        public Task<string> StatusAsync(long jobId) => ScalarAsync<string>("SELECT status FROM b3.ingestion_jobs WHERE id = $1", jobId);

        /// <summary>Waits until the job is <paramref name="status"/> (and, if given, finished later than <paramref name="finishedAfter"/>).</summary>
        public async Task WaitForStatusAsync(long jobId, string status, DateTime? finishedAfter = null)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (await StatusAsync(jobId) != status
                   || (finishedAfter is { } previous && await ScalarAsync<DateTime>("SELECT finished_at FROM b3.ingestion_jobs WHERE id = $1", jobId) <= previous))
            {
                Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} did not become {status} within {Timeout}:\n{_processor.Output}");
                await Task.Delay(100);
            }
        }
    }
}
