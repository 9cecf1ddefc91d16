using System.IO.Compression;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.Processor.Tests.Loading;

/// <summary>A migrated database, a bucket and the real Processor running against both.</summary>
public sealed class LoadingFixture : ProcessorFixture
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    public ProcessorHost Host { get; private set; } = null!;

    public IObjectStorage Storage { get; private set; } = null!;

    /// <summary>Where the Processor exports its spans.</summary>
    public OtlpReceiver Traces { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var retry = new RetrySettings();
        Storage = TestStorage.Open(StorageSettings, retry, Keys);
        Traces = await OtlpReceiver.StartAsync();
        Host = new ProcessorHost(new Dictionary<string, string?>(ConfigurationValues.Concat(Traces.EnvironmentVariables))
        {
            ["Processor:PollInterval"] = "00:00:00.200",
            ["Processor:RetryDelay"] = "00:00:00.200",
            ["Processor:ReconcileInterval"] = "00:00:00",
        });
        Host.Start();
    }

    public override async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Traces.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Stores a file under <paramref name="key"/>, announces it as the Worker would, and waits for its job to end.</summary>
    public async Task<FinishedJob> LoadAsync(string key, string file, string? traceParent = null)
    {
        await using var body = File.OpenRead(file);
        var stored = await Storage.UploadAsync(key, body, new ObjectProvenance(null, DateTimeOffset.UtcNow, traceParent));
        var jobId = await EnqueueAsync(key, stored.ETag);
        return await WaitForJobAsync(jobId);
    }

    public async Task<FinishedJob> WaitForJobAsync(long jobId)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var command = DataSource.CreateCommand(
                "SELECT status, rows_loaded, rows_quarantined, last_error, etag FROM b3.ingestion_jobs WHERE id = $1");
            command.Parameters.Add(new() { Value = jobId });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var status = reader.GetString(0);
            if (status is "succeeded" or "failed" or "dead")
            {
                return new FinishedJob(jobId, status, reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4));
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Job {jobId} did not finish within {JobTimeout}.");
    }

    /// <summary>The lines of a COTAHIST file moved to another trading date (header, quotes and trailer).</summary>
    public static IEnumerable<string> Redate(IEnumerable<string> lines, DateOnly date)
    {
        var stamp = date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return lines.Select(line => line[..2] switch
        {
            "01" => string.Concat(line.AsSpan(0, 2), stamp, line.AsSpan(10)),
            "00" or "99" => string.Concat(line.AsSpan(0, 23), stamp, line.AsSpan(31)),
            _ => line,
        });
    }

    /// <summary>A copy of a CSV sample with one date replaced by another (e.g. RptDt), in the file's own encoding.</summary>
    public static string Redate(string csvFile, string from, string to)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"redated-{Guid.NewGuid():N}.csv");
        File.WriteAllText(copy, File.ReadAllText(csvFile, System.Text.Encoding.Latin1).Replace(from, to, StringComparison.Ordinal), System.Text.Encoding.Latin1);
        return copy;
    }

    /// <summary>Zips a COTAHIST text file as B3 ships it (one member) into a temporary file.</summary>
    public static string Zip(string textFile, Func<IReadOnlyList<string>, IEnumerable<string>>? edit = null)
    {
        var lines = File.ReadAllLines(textFile, System.Text.Encoding.Latin1);
        var zipPath = Path.Combine(Path.GetTempPath(), $"cotahist-{Guid.NewGuid():N}.zip");
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry(Path.GetFileName(textFile)).Open(), System.Text.Encoding.Latin1) { NewLine = "\r\n" };
        foreach (var line in edit is null ? lines : edit(lines))
        {
            writer.WriteLine(line);
        }

        return zipPath;
    }
}

public sealed record FinishedJob(long Id, string Status, long RowsLoaded, long RowsQuarantined, string? LastError, string ETag);
