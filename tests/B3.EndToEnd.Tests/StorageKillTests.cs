using System.Diagnostics;
using System.Globalization;
using System.Text;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.EndToEnd.Tests;

/// <summary>
/// The S3 server killed while the Processor is in the middle of downloading a file (a CSV is parsed as it downloads,
/// so its download lasts the whole load) and started again a few seconds later on the same port and data: the attempt
/// fails and rolls back, the next one loads the whole file, once.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class StorageKillTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private const int Rows = 400_000;
    private static readonly DateOnly Day = new(2025, 3, 14);
    private static readonly TimeSpan KillAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AStorageServerKilledMidDownloadIsReadAgainWholeWhenItReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        var (port, folder) = (FreePort.Next(), Directory.CreateTempSubdirectory("b3-s3-kill-").FullName);
        var (s3, standIn) = await S3Server.StartStandInAsync(port: port, directory: folder);
        var key = $"b3/trades/{Day:yyyy-MM-dd}.csv";
        var content = TradesFile(Rows);
        var settings = fixture.StorageSettings with { Endpoint = s3.Url };
        var retry = new RetrySettings();
        using var client = StorageExtensions.CreateClient(settings, retry);
        var storage = TestStorage.Over(client, settings, retry);
        var stored = await storage.UploadAsync(key, new MemoryStream(content), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        new ObjectKeys().TryParse(key, out var objectKey);
        var job = await new IngestionJobStore(fixture.DataSource)
            .EnqueueAsync(new IngestionRequest(fixture.BucketName, objectKey, stored.ETag, content.Length), new IngestionEvent(null, "test", "{}"), ct);

        var environment = new Dictionary<string, string?>(fixture.EnvironmentVariables)
        {
            ["LOCAL_R2_ENDPOINT"] = s3.Url.ToString(),
            ["Processor__RetryDelay"] = "00:00:02",
            ["Processor__PollInterval"] = "00:00:00.200",
            ["Processor__ReconcileInterval"] = "00:00:00",
        };
        await using var processor = ServiceProcess.Start("B3.Processor", environment);
        var clock = Stopwatch.StartNew();
        await WaitForAsync(job.JobId, "processing", processor, ct);
        await Task.Delay(KillAfter, ct);
        await standIn.DisposeAsync();
        var statusAtKill = await StatusAsync(job.JobId);
        var rowsAtKill = await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.trades WHERE object_key = $1", key);
        await Task.Delay(Downtime, ct);
        await using var restarted = (await S3Server.StartStandInAsync(port: port, directory: folder)).StandIn;
        await WaitForAsync(job.JobId, "succeeded", processor, ct);

        Assert.Equal(("processing", 0L), (statusAtKill, rowsAtKill));
        Assert.Equal((long)Rows, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.trades WHERE object_key = $1 AND etag = $2", key, stored.ETag));
        Assert.Equal((long)Rows, await fixture.ScalarAsync<long>("SELECT count(DISTINCT ticker) FROM b3.trades WHERE report_date = $1", Day));
        var attempts = await fixture.ScalarAsync<int>("SELECT attempts FROM b3.ingestion_jobs WHERE id = $1", job.JobId);
        Assert.True(attempts >= 2, $"The load was not interrupted: it succeeded at attempt {attempts}.");
        ReliabilityReport.Record("storage killed mid-download", $"a trades CSV of {Rows:N0} rows ({content.Length / 1e6:N0} MB), parsed as it downloads",
            $"S3 stand-in killed {KillAfter.TotalSeconds:F1} s into the load (job processing, 0 rows visible), started again {Downtime.TotalSeconds:F0} s later on the same port and data",
            $"succeeded at attempt {attempts}, {Rows:N0} rows, lost 0, duplicated 0", clock.Elapsed);
    }

    /// <summary>A TradeInformationConsolidatedFile of <paramref name="rows"/> tickers of its own, in B3's layout and encoding.</summary>
    private static byte[] TradesFile(int rows)
    {
        var text = new StringBuilder("Status do Arquivo: Final\r\n")
            .Append("RptDt;TckrSymb;ISIN;SgmtNm;MinPric;MaxPric;TradAvrgPric;LastPric;OscnPctg;AdjstdQt;AdjstdQtTax;RefPric;TradQty;FinInstrmQty;NtlFinVol\r\n");
        for (var i = 0; i < rows; i++)
        {
            var price = 10 + (i % 900) / 10m;
            text.Append(CultureInfo.InvariantCulture, $"{Day:yyyy-MM-dd};T{i:D7};BRT{i:D7}00;CASH;{Comma(price)};{Comma(price + 1)};{Comma(price + 0.5m)};{Comma(price + 0.2m)};1,5;;;;{1 + (i % 50)};{100 * (1 + (i % 50))};{Comma(price * 100)}\r\n");
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static string Comma(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    private Task<string> StatusAsync(long jobId) => fixture.ScalarAsync<string>("SELECT status FROM b3.ingestion_jobs WHERE id = $1", jobId);

    private async Task WaitForAsync(long jobId, string status, ServiceProcess processor, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (await StatusAsync(jobId) != status)
        {
            Assert.True(DateTime.UtcNow < deadline && !processor.HasExited, $"Job {jobId} never became {status} (now {await StatusAsync(jobId)}):\n{processor.Output}");
            await Task.Delay(20, ct);
        }
    }
}
