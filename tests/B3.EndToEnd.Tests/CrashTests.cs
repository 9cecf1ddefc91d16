using System.Diagnostics;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.EndToEnd.Tests;

/// <summary>
/// The Processor as its own process, killed with SIGKILL in the middle of its work and started again: a replacement
/// commits whole or not at all, the previous rows stay visible until it does, and every job ends succeeded.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CrashTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private const int PreviousRows = 2_000;
    private const int ReplacementRowsPerDay = 20_000;
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
    public async Task KillsAtRandomPointsOfTenMultiDayLoadsLeaveOldOrNewRowsNeverPartsAndEveryJobSucceeds()
    {
        const int Loads = 10;
        const int Kills = 10;
        var ct = TestContext.Current.CancellationToken;
        var seed = System.Environment.TickCount;
        var random = new Random(seed);
        // Yearly files of several days, each replacing its year's partition; the previous versions have other days.
        var years = Enumerable.Range(2010, Loads).ToList();
        var previous = years.Select(year => SyntheticCotahist.NumberedYear(Weekdays(new DateOnly(year, 2, 1), 2), PreviousRows / 2)).ToList();
        var replacements = years.Select(year => SyntheticCotahist.NumberedYear(Weekdays(new DateOnly(year, 6, 1), 4), ReplacementRowsPerDay)).ToList();
        await LoadAsync(previous, ct);
        var versions = years.Select((year, i) => (Year: year, Old: DaysOf(previous[i], PreviousRows / 2), New: DaysOf(replacements[i], ReplacementRowsPerDay))).ToList();
        var jobs = await EnqueueAsync(replacements, ct);
        var ids = jobs.Select(job => job.Id).ToArray();
        // Kills, not failures, are under test: no job may run out of attempts however often a kill lands on it.
        await fixture.ExecuteAsync("UPDATE b3.ingestion_jobs SET max_attempts = 100 WHERE id = ANY($1)", (object)ids);
        var clock = Stopwatch.StartNew();
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = WatchDatesAsync(versions, stopReading.Token);

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
        await stopReading.CancelAsync();
        var (reads, partial) = await reader;
        Assert.True(partial.Count == 0, $"A reader saw a year that was neither its old nor its new days (seed {seed}):\n{string.Join('\n', partial.Take(5))}");
        for (var i = 0; i < Loads; i++)
        {
            await AssertLoadedAsync(replacements[i], jobs[i].ETag);
        }

        var attempts = await fixture.ScalarAsync<long>("SELECT sum(attempts) FROM b3.ingestion_jobs WHERE id = ANY($1)", (object)ids);
        Assert.True(killsDuringLoads > 0, $"No kill landed while a job was processing (seed {seed}).");
        Assert.True(reads > 100, $"The reader looked only {reads} times.");
        ReliabilityReport.Record("crashes", $"{Loads} yearly files of 4 days × {ReplacementRowsPerDay:N0} rows replacing {Loads} of 2 days × {PreviousRows / 2:N0}",
            $"Processor SIGKILLed at {Kills} random points, 0.3–3.5 s after each start was healthy ({killsDuringLoads} while a job was processing; seed {seed})",
            $"{Loads} succeeded after {attempts} attempts in all; a reader checking every year's rows per date {reads:N0} times saw only whole old or whole new versions; lost 0, duplicated 0, partial 0",
            recovered);
    }

    /// <summary>
    /// Reads every year's rows per date every few milliseconds until cancelled: each time each year must hold exactly
    /// its previous days and counts or exactly its replacement's. Returns how often it read and what broke that.
    /// </summary>
    private async Task<(int Reads, List<string> Partial)> WatchDatesAsync(
        List<(int Year, string Old, string New)> versions, CancellationToken cancellationToken)
    {
        var (reads, partial) = (0, new List<string>());
        await using var connection = await fixture.DataSource.OpenConnectionAsync(CancellationToken.None);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var command = new Npgsql.NpgsqlCommand("""
                SELECT extract(year FROM trade_date)::int, string_agg(trade_date || ':' || rows, ' ' ORDER BY trade_date)
                FROM (SELECT trade_date, count(*) AS rows FROM b3.daily_quotes WHERE trade_date >= '2010-01-01' AND trade_date < '2020-01-01' GROUP BY trade_date) days
                GROUP BY 1
                """, connection);
            var seen = new Dictionary<int, string>();
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    seen[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            reads++;
            foreach (var (year, old, replaced) in versions)
            {
                var days = seen.GetValueOrDefault(year, string.Empty);
                if (days != old && days != replaced)
                {
                    partial.Add($"{year}: {days}");
                }
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return (reads, partial);
    }

    /// <summary>A yearly file's days as the reader prints them: <c>2010-02-01:1000 2010-02-02:1000</c>.</summary>
    private static string DaysOf(SyntheticCotahist file, int rowsPerDay) =>
        string.Join(' ', file.Days.Select(day => $"{day:yyyy-MM-dd}:{rowsPerDay}"));

    private static List<DateOnly> Weekdays(DateOnly from, int count) =>
        [.. Enumerable.Range(0, count * 2).Select(from.AddDays).Where(day => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(count)];

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
        var storage = TestStorage.Over(client, fixture.StorageSettings, retry, _keys);
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
