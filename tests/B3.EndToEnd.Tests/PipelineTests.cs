using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using B3.Testing.FakeB3;

namespace B3.EndToEnd.Tests;

public sealed class PipelineTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ADayDownloadedFromB3IsLoadedRefinedAndTracedAsOneJourney()
    {
        var ct = TestContext.Current.CancellationToken;

        var run = await fixture.DownloadAsync("download", "--date", "2024-11-08");

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] keys = ["b3/instruments/2024-11-08.csv", "b3/trades/2024-11-08.csv", "b3/cotahist/2024-11-08.zip"];
        Assert.Equal(keys.Order(), run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
        foreach (var key in keys)
        {
            var job = await WaitForJobAsync(key, ct);
            Assert.True(job.Status == "succeeded", $"{key}: {job.Status} {job.LastError}\n{fixture.Processor.Output}");
        }

        Assert.Equal(12_226L, await ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE trade_date = '2024-11-08'", ct));
        Assert.Equal(ServedRows(instruments: false), await ScalarAsync<long>("SELECT count(*) FROM b3.trades WHERE report_date = '2024-11-08'", ct));
        Assert.Equal(ServedRows(instruments: true), await ScalarAsync<long>("SELECT count(*) FROM b3.instruments WHERE report_date = '2024-11-08'", ct));
        Assert.Equal(36.18m, await ScalarAsync<decimal>("SELECT close FROM b3.daily_summary WHERE trade_date = '2024-11-08' AND ticker = 'PETR4'", ct));

        // One trace per file: the Downloader's upload span context travels in the object's metadata, then through the
        // emulator and the Worker as the webhook's traceparent onto the job, and the Processor's span joins that trace.
        var traceParent = await ScalarAsync<string>("SELECT traceparent FROM b3.ingestion_jobs WHERE object_key = 'b3/cotahist/2024-11-08.zip'", ct);
        var traceId = traceParent.Split('-')[1];
        // The file's span ends after its children, so it may come in a later export batch.
        await WaitUntilAsync(() => fixture.ProcessorTraces.HasTrace(traceId) && fixture.ProcessorTraces.Traces.Contains("process cotahist", StringComparison.Ordinal), ct);
        Assert.True(fixture.DownloaderTraces.HasTrace(traceId), "The Downloader exported no span of the file's trace.");
    }

    [Fact]
    public async Task ACorporateActionsDayPutInTheBucketLoadsThroughTheWorkerAndTheWebhook()
    {
        var ct = TestContext.Current.CancellationToken;
        const string key = "b3/corporate-actions/2026-08-24.json";
        var settings = fixture.StorageSettings with { Endpoint = fixture.EmulatorS3.Url, AccessKey = fixture.EmulatorS3.AccessKey, SecretKey = fixture.EmulatorS3.SecretKey };
        var retry = new RetrySettings();
        using var client = StorageExtensions.CreateClient(settings, retry);
        var storage = TestStorage.Over(client, settings, retry);
        var content = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "corporate-actions_2026-08-24_built.json"), ct);

        var stored = await storage.UploadAsync(key, new MemoryStream(content), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        var job = await WaitForJobAsync(key, ct);

        Assert.True(job.Status == "succeeded", $"{key}: {job.Status} {job.LastError}\n{fixture.Processor.Output}");
        Assert.Equal("b3_corporate-actions_uploaded", await ScalarAsync<string>($"SELECT payload ->> 'event_type' FROM b3.webhook_events WHERE source = 'worker' AND payload ->> 'key' = '{key}'", ct));
        Assert.Equal(stored.ETag, await ScalarAsync<string>($"SELECT DISTINCT etag FROM b3.corporate_actions WHERE object_key = '{key}'", ct));
        Assert.Equal(35L, await ScalarAsync<long>($"SELECT count(*) FROM b3.corporate_actions WHERE object_key = '{key}'", ct));
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM b3.quarantine WHERE object_key = '{key}'", ct));
        Assert.Equal(3L, await ScalarAsync<long>($"SELECT count(*) FROM b3.corporate_actions WHERE object_key = '{key}' AND ticker = 'MGLU3' AND sized", ct));
        Assert.Equal("bonus 2025-12-30, reverse_split 2024-05-27, split 2020-10-14", await ScalarAsync<string>(
            $"SELECT string_agg(concat_ws(' ', kind, ex_date), ', ' ORDER BY kind) FROM b3.corporate_events WHERE ticker = 'MGLU3' AND object_key = '{key}'", ct));
    }

    /// <summary>The data rows (lines that start with the date) of the instruments or the trades CSV the fake B3 served.</summary>
    private long ServedRows(bool instruments) => fixture.B3.Served
        .Where(file => file.Route == FakeB3Route.Download)
        .Select(file => System.Text.Encoding.Latin1.GetString(file.Body))
        .Single(text => text.Contains("CrpnNm", StringComparison.Ordinal) == instruments)
        .Split('\n').LongCount(line => line.StartsWith("2024-11-08;", StringComparison.Ordinal));

    private async Task<(string Status, string? LastError)> WaitForJobAsync(string key, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LoadTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var command = fixture.DataSource.CreateCommand("SELECT status, last_error FROM b3.ingestion_jobs WHERE object_key = $1");
            command.Parameters.Add(new() { Value = key });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct) && reader.GetString(0) is "succeeded" or "failed" or "dead")
            {
                return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"{key} was not loaded within {LoadTimeout}.\n{fixture.WebhookApi.Output}\n{fixture.Processor.Output}");
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }

        Assert.True(condition(), "The Processor exported no 'process cotahist' span in the file's trace.");
    }
}
