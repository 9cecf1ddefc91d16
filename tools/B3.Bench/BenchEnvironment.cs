using System.Diagnostics;
using System.Globalization;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Npgsql;

namespace B3.Bench;

/// <summary>
/// The pipeline as the end-to-end tests run it (tests/B3.EndToEnd.Tests/PipelineFixture.cs), every part real and
/// separate: a fresh database on the test PostgreSQL, the Cloudflare emulator running the production Worker fed by its
/// S3 stand-in's events, and the WebhookApi and Processor as their own processes, built in this configuration.
/// </summary>
internal sealed class BenchEnvironment : B3Fixture
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private RunningScript? _emulator;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public IObjectStorage Storage { get; private set; } = null!;

    public ServiceProcess WebhookApi { get; private set; } = null!;

    public ServiceProcess? Processor { get; private set; }

    /// <summary>The Processor's pid, for its memory and CPU time.</summary>
    public int ProcessorPid { get; private set; }

    public static async Task<BenchEnvironment> StartAsync()
    {
        var environment = new BenchEnvironment();
        try
        {
            await environment.InitializeAsync();
            return environment;
        }
        catch
        {
            // Whatever started before the failure (a service that would not become healthy) stops with it.
            await environment.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        var webhookApiUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        _emulator = await NodeScripts.StartAsync(
            RepositoryPaths.Workers,
            Path.Combine("emulator", "index.mjs"),
            ["--s3", "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>
            {
                ["WEBHOOK_URL"] = new Uri(webhookApiUrl, "/webhooks/r2/object-created").ToString(),
                ["WEBHOOK_SECRET"] = WebhookSecret,
                ["WRANGLER_SEND_METRICS"] = "false",
            });

        // The emulator prints a line per message: read them, or its pipe fills up and it stops.
        _ = _emulator.Process.StandardOutput.ReadToEndAsync();
        _ = _emulator.Process.StandardError.ReadToEndAsync();

        var s3 = S3Server.EndpointFrom(_emulator.Ready, "s3");
        var settings = StorageSettings with { Endpoint = s3.Url, AccessKey = s3.AccessKey, SecretKey = s3.SecretKey };
        var retry = new RetrySettings();
        Storage = TestStorage.Open(settings, retry);

        var variables = new Dictionary<string, string?>(EnvironmentVariables)
        {
            ["LOCAL_R2_ENDPOINT"] = s3.Url.ToString(),
            ["LOCAL_R2_ACCESS_KEY"] = s3.AccessKey,
            ["LOCAL_R2_SECRET_KEY"] = s3.SecretKey,
            // Every object gets its job from its event; a reconciler listing the bucket mid-measure would only add noise.
            ["Processor__ReconcileInterval"] = "00:00:00",
        };
        WebhookApi = ServiceProcess.Start("B3.WebhookApi", variables, webhookApiUrl);
        Processor = ServiceProcess.Start("B3.Processor", variables);
        await Task.WhenAll(WebhookApi.WaitUntilHealthyAsync(StartTimeout), Processor.WaitUntilHealthyAsync(StartTimeout));
        ProcessorPid = ProcessMemory.FindChild("B3.Processor.dll");
    }

    /// <summary>Stores a file as the Downloader does (a PUT with its metadata); the stand-in's event starts the rest.</summary>
    public Task<StoredObject> PutAsync(string key, Stream body) =>
        Storage.UploadAsync(key, body, new ObjectProvenance(null, DateTimeOffset.UtcNow, null));

    /// <summary>Polls <c>b3.ingestion_jobs</c> until the object's newest job has ended.</summary>
    public async Task<FinishedJob> WaitForJobAsync(string key, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var command = DataSource.CreateCommand(
                "SELECT status, coalesce(rows_loaded, 0), last_error, created_at, started_at FROM b3.ingestion_jobs WHERE object_key = $1 ORDER BY id DESC LIMIT 1");
            command.Parameters.Add(new() { Value = key });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && reader.GetString(0) is "succeeded" or "failed" or "dead")
            {
                return new FinishedJob(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), DateTimeOffset.UtcNow);
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"{key} was not loaded within {timeout}.\n{Processor?.Output}");
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static readonly TimeSpan IdleSample = TimeSpan.FromMilliseconds(500);

    public async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// After a job succeeds the Processor goes on to export the loaded dates to the lake (Parquet, a year's 250 files
    /// after the yearly load, forty years' after the full history): the next measure waits for that to end instead of
    /// sharing the two cores with it, and with the stand-in and the emulator that take the files' events.
    /// </summary>
    /// <returns>How long it waited.</returns>
    public async Task<TimeSpan> WaitUntilProcessorIdleAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var before = CpuUsage.Sample(ProcessorPid);
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            await Task.Delay(IdleSample);
            var after = CpuUsage.Sample(ProcessorPid);
            if (CpuUsage.ProcessTime(before, after) < IdleSample * 0.05)
            {
                break;
            }

            before = after;
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Stops the Processor, so that jobs made by the intake measure are not claimed under it.</summary>
    public async Task StopProcessorAsync()
    {
        if (Processor is not null)
        {
            await Processor.DisposeAsync();
            Processor = null;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await StopProcessorAsync();
        if (WebhookApi is not null)
        {
            await WebhookApi.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await base.DisposeAsync();
    }
}

/// <param name="Created">When the WebhookApi inserted the job; <paramref name="Started"/> when the Processor claimed it;
/// <paramref name="Seen"/> when the bench saw it ended (within one poll). One machine, one clock.</param>
internal sealed record FinishedJob(string Status, long RowsLoaded, string? LastError, DateTimeOffset Created, DateTimeOffset? Started, DateTimeOffset Seen)
{
    /// <summary>Where the time from <paramref name="stored"/> (the PUT returned) went: event path, claim, load.</summary>
    public (TimeSpan Event, TimeSpan Claim, TimeSpan Load) Phases(DateTimeOffset stored) =>
        (Created - stored, (Started ?? Created) - Created, Seen - (Started ?? Created));
}
