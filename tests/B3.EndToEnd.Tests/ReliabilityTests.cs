using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using B3.Core.Calendar;
using B3.Core.Storage;
using B3.Testing;

namespace B3.EndToEnd.Tests;

/// <summary>
/// Fault injection on the real pipeline (separate processes, the real Worker in workerd): every file that was stored is
/// loaded exactly once in effect, through duplicate, reordered, failed and lost events, bad files and abuse. The class
/// runs alone (<see cref="AloneCollection"/>): the abuse test's latency bound is about the WebhookApi, not about other
/// tests sharing the two cores.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(AloneCollection.Name)]
public sealed class ReliabilityTests(ReliabilityFixture fixture) : IClassFixture<ReliabilityFixture>
{
    private const int QuotesPerFile = 20;
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(4);
    private readonly Lazy<(byte[] Body, Dictionary<string, string> Headers)> _oversized = new(() =>
    {
        using var signed = new StandardWebhookSigner(fixture.WebhookSecret).Sign(new HttpRequestMessage(), new string('x', 1024 * 1024));
        return (signed.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult(), signed.Headers.ToDictionary(header => header.Key, header => header.Value.Single()));
    });

    [Fact]
    public async Task AStormOfDuplicatedReorderedAndFailingEventsLoadsEveryFileExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = TradingDays(new DateOnly(2023, 1, 2), 200).Select(day => SyntheticCotahist.For(day, QuotesPerFile)).ToList();
        var clock = Stopwatch.StartNew();
        fixture.WebhookProxy.Decide = () => Random.Shared.Next(100) switch { < 5 => Fault.Unavailable, < 10 => Fault.DropAfterForward, _ => Fault.None };
        try
        {
            var stored = await UploadAsync(files.OrderBy(_ => Random.Shared.Next()), ct);
            var redeliveries = files.SelectMany(file => Enumerable.Repeat(file, Random.Shared.Next(0, 3)))
                .OrderBy(_ => Random.Shared.Next()).ToList();
            using var intake = new HttpClient();
            await Parallel.ForEachAsync(redeliveries, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (file, token) =>
            {
                using var response = await intake.PostAsJsonAsync(fixture.Intake, MinioEvent(fixture.BucketName, file.Key, file.Content.Length, stored[file.Key]), token);
                response.EnsureSuccessStatusCode();
            });

            await WaitForJobsAsync(files.Select(f => f.Key), "succeeded", ct);
            var recovered = clock.Elapsed;

            Assert.True(fixture.WebhookProxy.Count(Fault.Unavailable) + fixture.WebhookProxy.Count(Fault.DropAfterForward) > 0, "No fault was injected.");
            var keys = files.Select(f => f.Key).ToArray();
            Assert.Equal(files.Count, await ScalarAsync<long>("SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = ANY($1)", (object)keys));
            Assert.Equal(files.Count * QuotesPerFile, await ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = ANY($1)", (object)keys));
            Assert.Equal(files.Sum(f => f.Volume), await ScalarAsync<decimal>("SELECT sum(volume) FROM b3.daily_quotes WHERE object_key = ANY($1)", (object)keys));
            Assert.Equal(0L, await ScalarAsync<long>(
                "SELECT count(*) FROM b3.daily_quotes q JOIN b3.ingestion_jobs j ON j.object_key = q.object_key WHERE q.object_key = ANY($1) AND q.etag <> j.etag", (object)keys));
            ReliabilityReport.Record("event storm", $"{files.Count} files × {QuotesPerFile} rows; {files.Count + redeliveries.Count} events",
                $"{redeliveries.Count} redelivered, reordered; {fixture.WebhookProxy.Count(Fault.Unavailable)} webhook 503s, {fixture.WebhookProxy.Count(Fault.DropAfterForward)} dropped connections",
                $"{files.Count} succeeded, {files.Count * QuotesPerFile} rows, lost 0, duplicated 0", recovered);
        }
        finally
        {
            fixture.WebhookProxy.Decide = () => Fault.None;
        }
    }

    [Fact]
    public async Task FilesWhoseEventsWereLostAreLoadedByTheReconciler()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = TradingDays(new DateOnly(2024, 3, 1), 20).Select(day => SyntheticCotahist.For(day, QuotesPerFile)).ToList();
        var clock = Stopwatch.StartNew();
        var goneBefore = fixture.WebhookProxy.Count(Fault.Gone);
        fixture.WebhookProxy.Decide = () => Fault.Gone;
        try
        {
            await UploadAsync(files, ct);
            await WaitUntilAsync(() => fixture.WebhookProxy.Count(Fault.Gone) - goneBefore >= files.Count, TimeSpan.FromSeconds(30), ct);
        }
        finally
        {
            fixture.WebhookProxy.Decide = () => Fault.None;
        }

        await WaitForJobsAsync(files.Select(f => f.Key), "succeeded", ct);

        var keys = files.Select(f => f.Key).ToArray();
        Assert.Equal((long)files.Count, await ScalarAsync<long>(
            "SELECT count(*) FROM b3.ingestion_jobs j JOIN b3.webhook_events e ON e.id = j.webhook_event_id WHERE j.object_key = ANY($1) AND e.source = 'reconciler'", (object)keys));
        Assert.Equal(files.Count * QuotesPerFile, await ScalarAsync<long>("SELECT count(*) FROM b3.daily_quotes WHERE object_key = ANY($1)", (object)keys));
        ReliabilityReport.Record("lost events", $"{files.Count} files", $"every webhook answered 410 Gone (the Worker drops the event)",
            $"{files.Count} loaded by the reconciler, lost 0, duplicated 0", clock.Elapsed);
    }

    [Fact]
    public async Task BadFilesFailWithAReasonLoadNothingAndLeaveTheProcessorHealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var truncated = SyntheticCotahist.Zip("COTAHIST_D04012016.TXT",
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "COTAHIST_D04012016_TRUNCATED_506_of_1745_lines.TXT"), ct));
        var garbage = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.csv");
        await WriteGarbageLinesAsync(garbage, 500L * 1024 * 1024, ct);
        var bad = new (string Key, Func<Stream> Body, string Table, string DateColumn)[]
        {
            ("b3/cotahist/2016-01-04.zip", () => new MemoryStream(truncated), "b3.daily_quotes", "trade_date"),
            ("b3/cotahist/2016-01-05.zip", () => new MemoryStream(RandomNumberGenerator.GetBytes(64 * 1024)), "b3.daily_quotes", "trade_date"),
            ("b3/trades/2016-01-06.csv", () => new MemoryStream(Encoding.Latin1.GetBytes("Nome;Valor;Outra\r\nPETR4;1;2\r\n")), "b3.trades", "report_date"),
            ("b3/instruments/2016-01-07.csv", () => new MemoryStream(), "b3.instruments", "report_date"),
            ("b3/trades/2016-01-08.csv", () => File.OpenRead(garbage), "b3.trades", "report_date"),
        };
        var clock = Stopwatch.StartNew();

        foreach (var (key, body, _, _) in bad)
        {
            await using var stream = body();
            await fixture.Storage.UploadAsync(key, stream, new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        }

        await WaitForJobsAsync(bad.Select(b => b.Key), "failed", ct);
        File.Delete(garbage);

        foreach (var (key, _, table, dateColumn) in bad)
        {
            var reason = await ScalarAsync<string>("SELECT last_error FROM b3.ingestion_jobs WHERE object_key = $1", key);
            Assert.False(string.IsNullOrWhiteSpace(reason), key);
            Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {dateColumn} = $1", DateOnly.Parse(key[^14..^4], System.Globalization.CultureInfo.InvariantCulture)));
        }

        using var http = new HttpClient { BaseAddress = fixture.Processor.Url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", ct)).StatusCode);
        var peakMegabytes = fixture.Processor.PeakMemoryBytes() / (1024 * 1024);
        Assert.True(peakMegabytes < 300, $"The Processor's peak memory was {peakMegabytes} MB.");
        ReliabilityReport.Record("bad files", "truncated ZIP, random bytes, wrong header, empty file, 500 MB of garbage lines",
            "-", $"5 jobs failed with a reason, 0 rows loaded, Processor healthy, peak memory {peakMegabytes} MB", clock.Elapsed);
    }

    [Fact]
    public async Task AbuseOfTheWebhookIsRefusedAndWritesNothingWhileValidCallsStayFast()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Abusive = 5_000;
        const int Valid = 200;
        using var http = new HttpClient { BaseAddress = fixture.WebhookApi.Url, Timeout = TimeSpan.FromSeconds(30) };
        var signer = new StandardWebhookSigner(fixture.WebhookSecret);
        // Events are counted by key: an earlier test's late S3 event may also arrive while this one runs.
        const string EventsSince = "SELECT count(*) FROM b3.webhook_events WHERE id > $1 AND payload->>'key' LIKE $2";
        var lastEventBefore = await ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM b3.webhook_events");
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();

        var abuse = Parallel.ForEachAsync(Enumerable.Range(0, Abusive), new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = ct }, async (i, token) =>
        {
            using var request = AbusiveRequest(i, signer);
            using var response = await http.SendAsync(request, token);
            statuses.Add((int)response.StatusCode);
        });
        // The valid calls come from a client of their own on a thread of their own, with blocking sends, so what they
        // measure is the WebhookApi under abuse rather than this process's thread pool, busy sending the abuse.
        using var validHttp = new HttpClient { BaseAddress = fixture.WebhookApi.Url, Timeout = TimeSpan.FromSeconds(30) };
        var valid = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < Valid; i++)
            {
                var body = WebhookBody($"b3/ibov/2019-{1 + (i / 28):D2}-{1 + (i % 28):D2}.json", Guid.NewGuid().ToString("N"));
                using var request = signer.Sign(new HttpRequestMessage(HttpMethod.Post, "/webhooks/r2/object-created"), body);
                var started = Stopwatch.GetTimestamp();
                using var response = validHttp.Send(request, ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Thread.Sleep(10);
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(abuse, valid);

        Assert.Equal(Abusive, statuses.Count);
        Assert.All(statuses, status => Assert.InRange(status, 400, 499));
        Assert.Equal(Valid, await ScalarAsync<long>(EventsSince, lastEventBefore, "b3/ibov/2019-%"));
        Assert.Equal(0L, await ScalarAsync<long>(EventsSince, lastEventBefore, "b3/trades/%2025-01-27.csv"));
        var p99 = Latencies.P99(latencies);
        Assert.True(p99 <= 100, $"p99 of valid calls under abuse was {p99:F0} ms.");
        ReliabilityReport.Record("webhook abuse", $"{Abusive} abusive requests (24 at a time) + {Valid} valid ones",
            "unsigned, wrong signature, replayed (old timestamp), 1 MB bodies, malformed JSON, keys with '..', other buckets",
            $"100% of abusive calls 4xx ({string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}), 0 rows from them; valid p99 {p99:F0} ms",
            clock.Elapsed);
    }

    private HttpRequestMessage AbusiveRequest(int i, StandardWebhookSigner signer)
    {
        var body = WebhookBody("b3/trades/2025-01-27.csv", "e" + i);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/r2/object-created");
        switch (i % 7)
        {
            case 0:
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return request;
            case 1:
                signer.Sign(request, body);
                request.Headers.Remove("webhook-signature");
                request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                return request;
            case 2:
                return signer.Sign(request, body, DateTimeOffset.UtcNow.AddMinutes(-30));
            case 3:
                return Oversized(request);
            case 4:
                return signer.Sign(request, "{\"event_type\": \"b3_trades_uploaded\", \"key\":");
            case 5:
                return signer.Sign(request, WebhookBody("b3/trades/../../etc/2025-01-27.csv", "e" + i));
            default:
                return signer.Sign(request, WebhookBody("b3/trades/2025-01-27.csv", "e" + i).Replace(fixture.BucketName, "someone-elses", StringComparison.Ordinal));
        }
    }

    /// <summary>A correctly signed 1 MB body, signed once: signing a megabyte per call would make the abuser, not the API, the bottleneck.</summary>
    private HttpRequestMessage Oversized(HttpRequestMessage request)
    {
        var signed = _oversized.Value;
        request.Content = new ByteArrayContent(signed.Body) { Headers = { ContentType = new("application/json") } };
        foreach (var header in signed.Headers)
        {
            request.Headers.Add(header.Key, header.Value);
        }

        return request;
    }

    private string WebhookBody(string key, string etag) => System.Text.Json.JsonSerializer.Serialize(new
    {
        event_type = "b3_" + key.Split('/')[1] + "_uploaded",
        bucket = fixture.BucketName,
        key,
        size = 100,
        timestamp = "2025-01-28T10:30:00Z",
        etag,
    });

    private async Task<Dictionary<string, string>> UploadAsync(IEnumerable<SyntheticCotahist> files, CancellationToken ct)
    {
        var etags = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (file, token) =>
        {
            var stored = await fixture.Storage.UploadAsync(file.Key, new MemoryStream(file.Content), new ObjectProvenance(null, DateTimeOffset.UtcNow), token);
            etags[file.Key] = stored.ETag;
        });
        return new Dictionary<string, string>(etags);
    }

    private async Task WaitForJobsAsync(IEnumerable<string> keys, string status, CancellationToken ct)
    {
        var all = keys.ToArray();
        var deadline = DateTime.UtcNow + LoadTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var done = await ScalarAsync<long>("SELECT count(DISTINCT object_key) FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND status = $2", all, status);
            if (done == all.Length)
            {
                return;
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException($"Not every job became {status} within {LoadTimeout}.\n{fixture.Processor.Output[^Math.Min(4000, fixture.Processor.Output.Length)..]}");
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static IEnumerable<DateOnly> TradingDays(DateOnly from, int count)
    {
        var day = TradingCalendar.B3.IsTradingDay(from) ? from : TradingCalendar.B3.NextTradingDay(from);
        for (var i = 0; i < count; i++, day = TradingCalendar.B3.NextTradingDay(day))
        {
            yield return day;
        }
    }

    /// <summary>A MinIO bucket notification for an object, as the emulator's intake receives them (keys query-escaped).</summary>
    private static object MinioEvent(string bucket, string key, long size, string etag) => new
    {
        EventName = "s3:ObjectCreated:Put",
        Key = $"{bucket}/{key}",
        Records = new[]
        {
            new
            {
                eventVersion = "2.0",
                eventSource = "minio:s3",
                eventTime = DateTimeOffset.UtcNow.ToString("O"),
                eventName = "s3:ObjectCreated:Put",
                s3 = new { bucket = new { name = bucket }, @object = new { key = Uri.EscapeDataString(key), size, eTag = etag } },
            },
        },
    };

    private static async Task WriteGarbageLinesAsync(string path, long bytes, CancellationToken ct)
    {
        await using var file = new StreamWriter(path, append: false, Encoding.Latin1);
        var line = new string('x', 120) + ";" + new string('#', 60);
        for (long written = 0; written < bytes; written += line.Length + 2)
        {
            await file.WriteLineAsync(line.AsMemory(), ct);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(100, ct);
        }
    }
}
