using System.Globalization;
using System.IO.Compression;
using System.Text;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace B3.Processor.Tests.Loading;

/// <summary>The Processor as separate processes, killed with SIGKILL in the middle of a load.</summary>
public sealed class CrashRecoveryTests(ProcessorFixture fixture) : IClassFixture<ProcessorFixture>
{
    private const string Key = "b3/cotahist/2023-03-15.zip";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AKilledLoadLeavesThePreviousRowsAndTheJobSucceedsAfterARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var retry = new RetrySettings();
        var storage = new StorageManager(StorageExtensions.CreateClient(fixture.StorageSettings, retry), fixture.StorageSettings, fixture.Keys, retry, NullLogger<StorageManager>.Instance);
        var environment = new Dictionary<string, string?>(fixture.EnvironmentVariables)
        {
            ["Processor__LeaseDuration"] = "00:00:03",
            ["Processor__PollInterval"] = "00:00:00.200",
            ["Processor__ReconcileInterval"] = "00:00:00",
        };

        var previous = await StoreAsync(storage, SyntheticCotahist(2_000), ct);
        var firstJob = await fixture.EnqueueAsync(Key, previous);
        await using (var processor = ServiceProcess.Start("B3.Processor", environment))
        {
            await WaitForStatusAsync(firstJob, "succeeded", processor, ct);
        }

        var replacement = await StoreAsync(storage, SyntheticCotahist(400_000), ct);
        var secondJob = await fixture.EnqueueAsync(Key, replacement);
        var victim = ServiceProcess.Start("B3.Processor", environment);
        await WaitForStatusAsync(secondJob, "processing", victim, ct);
        await Task.Delay(700, ct);
        await victim.DisposeAsync();

        Assert.Equal("processing", await StatusAsync(secondJob));
        Assert.Equal(2_000L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1 AND etag = $2", Key, previous));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE etag = $1", replacement));

        await using var first = ServiceProcess.Start("B3.Processor", environment);
        await using var second = ServiceProcess.Start("B3.Processor", environment);
        await WaitForStatusAsync(secondJob, "succeeded", first, ct);

        Assert.Equal(400_000L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1", Key));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = $1 AND etag <> $2", Key, replacement));
        // One killed attempt and exactly one more: the two restarted instances did not both run it.
        Assert.Equal(2, await fixture.ScalarAsync<int>("SELECT attempts FROM b3.ingestion_jobs WHERE id = $1", secondJob));
    }

    private async Task<string> StatusAsync(long jobId) =>
        await fixture.ScalarAsync<string>("SELECT status FROM b3.ingestion_jobs WHERE id = $1", jobId);

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

    private static async Task<string> StoreAsync(IObjectStorage storage, byte[] zip, CancellationToken ct)
    {
        var stored = await storage.UploadAsync(Key, new MemoryStream(zip), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        return stored.ETag;
    }

    /// <summary>A daily COTAHIST of 2023-03-15 with <paramref name="quotes"/> distinct tickers, built from the real sample's records.</summary>
    private static byte[] SyntheticCotahist(int quotes)
    {
        var sample = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "COTAHIST_D25062021.TXT"), Encoding.Latin1)
            .Where(line => line.StartsWith("01", StringComparison.Ordinal) && line.Substring(49, 3).Trim().Length == 0)
            .ToList();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("COTAHIST_D15032023.TXT", CompressionLevel.Fastest).Open(), Encoding.Latin1) { NewLine = "\r\n" })
        {
            writer.WriteLine("00COTAHIST.2023BOVESPA 20230315".PadRight(245));
            for (var i = 0; i < quotes; i++)
            {
                var line = sample[i % sample.Count];
                writer.WriteLine(string.Concat("0120230315", line.AsSpan(10, 2), $"S{i:D9}".PadRight(12), line.AsSpan(24)));
            }

            writer.WriteLine(string.Concat("99COTAHIST.2023BOVESPA 20230315", (quotes + 2).ToString("D11", CultureInfo.InvariantCulture)).PadRight(245));
        }

        return buffer.ToArray();
    }
}
