using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace B3.Bench.Measures;

/// <summary>
/// The webhook intake at a fixed concurrency: signed POSTs to <c>/webhooks/r2/object-created</c>, each a new object
/// version (a new event and a new job), after a warm-up; against pgbench running the same statement (event insert, job
/// insert, NOTIFY, in one implicit transaction) at the same concurrency against the same database. The two take turns,
/// <see cref="Rounds"/> rounds each, so a stretch of the shared host's load falls on both sides rather than on one.
/// The Processor is stopped first, so nothing claims the jobs meanwhile.
/// </summary>
internal sealed class IntakeMeasure(BenchEnvironment environment, PostgresClient client)
{
    /// <summary>Opens the path (connections, the JIT's first tiers) before anything counts; 30 or 60 s measured no different.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    private const int Rounds = 3;

    /// <summary>IngestionJobStore.EnqueueAsync's statement, with a new webhook id and ETag each time.</summary>
    private const string PgbenchScript = """
        WITH event AS (INSERT INTO b3.webhook_events (webhook_id, source, traceparent, payload) VALUES (gen_random_uuid()::text, 'pgbench', NULL, '{"event_type":"b3_cotahist_uploaded","bucket":"{bucket}","key":"b3/cotahist/2025-03-10.zip","size":368105,"timestamp":"2025-03-10T22:11:00Z","etag":"x"}'::jsonb) ON CONFLICT (webhook_id) DO NOTHING RETURNING id), job AS (INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, object_size, webhook_event_id, traceparent) SELECT '{bucket}', 'b3/cotahist/2025-03-10.zip', gen_random_uuid()::text, 'cotahist', '2025-03-10', 368105, event.id, NULL FROM event ON CONFLICT (bucket, object_key, etag) DO NOTHING RETURNING id, pg_notify('b3_ingestion_jobs', id::text)) SELECT id, false FROM job UNION ALL SELECT id, true FROM b3.ingestion_jobs WHERE bucket = '{bucket}' AND object_key = 'b3/cotahist/2025-03-10.zip' AND etag = 'x' AND NOT EXISTS (SELECT FROM job);

        """;

    public async Task<ReportRow> RunAsync(int connections, TimeSpan round)
    {
        await environment.StopProcessorAsync();
        var key = Convert.FromBase64String(environment.WebhookSecret["whsec_".Length..]);
        var server = environment.WebhookApi.Url;
        var bucket = environment.BucketName;
        var script = PgbenchScript.Replace("{bucket}", bucket, StringComparison.Ordinal);
        await RunLoadAsync(server, key, bucket, connections, WarmUp);
        var api = ProcessMemory.FindChild("B3.WebhookApi.dll");

        var (requests, failures, latencies) = (0L, 0L, new List<double>());
        var (apiCpu, selfCpu, busy) = (TimeSpan.Zero, TimeSpan.Zero, 0.0);
        var (pgbenchTps, pgbenchLatencies, pgbenchBusy) = (0.0, new List<double>(), 0.0);
        for (var i = 0; i < Rounds; i++)
        {
            var (apiStart, selfStart) = (CpuUsage.Sample(api), CpuUsage.Sample(Environment.ProcessId));
            var load = await RunLoadAsync(server, key, bucket, connections, round);
            var (apiEnd, selfEnd) = (CpuUsage.Sample(api), CpuUsage.Sample(Environment.ProcessId));
            (requests, failures) = (requests + load.Requests, failures + load.Failures);
            latencies.AddRange(load.Latencies);
            apiCpu += CpuUsage.ProcessTime(apiStart, apiEnd);
            selfCpu += CpuUsage.ProcessTime(selfStart, selfEnd);
            busy += CpuUsage.MachineBusy(apiStart, apiEnd) / Rounds;

            if (PostgresClient.HasPgbench)
            {
                var pgbenchStart = CpuUsage.Sample(Environment.ProcessId);
                var pgbench = await client.PgbenchAsync(script, connections, round);
                pgbenchBusy += CpuUsage.MachineBusy(pgbenchStart, CpuUsage.Sample(Environment.ProcessId)) / Rounds;
                pgbenchTps += pgbench.Tps / Rounds;
                pgbenchLatencies.AddRange(pgbench.LatenciesMs);
            }
        }

        var rate = requests / (round.TotalSeconds * Rounds);
        var p99 = Percentiles.Of(latencies, 0.99);
        var cpu = string.Create(CultureInfo.InvariantCulture,
            $"CPU per request: WebhookApi {apiCpu.TotalMilliseconds * 1000 / requests:N0} µs, the bench's load generator {selfCpu.TotalMilliseconds * 1000 / requests:N0} µs; the machine's cores were {busy:P0} busy");
        const string Target = "≥ 0.7 × pgbench's transaction rate; p99 ≤ 50 ms";
        var name = $"Webhook intake, {connections} concurrent connections (signed requests, {Rounds} × {round.TotalSeconds:N0} s taking turns with pgbench)";
        var result = $"{rate:N0} req/s, p99 {p99:N1} ms{(failures > 0 ? $", {failures} failed" : string.Empty)}";
        if (!PostgresClient.HasPgbench)
        {
            return new ReportRow(name, result, "pgbench not installed", null, Target, null, $"install postgresql-contrib for pgbench. {cpu}.");
        }

        return new ReportRow(
            name,
            result,
            $"pgbench, same statement: {pgbenchTps:N0} tps, p99 {Percentiles.Of(pgbenchLatencies, 0.99):N1} ms",
            rate / pgbenchTps,
            Target,
            failures == 0 && rate >= 0.7 * pgbenchTps && p99 <= 50,
            $"{cpu} (during pgbench: {pgbenchBusy:P0}).");
    }

    /// <summary>Each connection sends signed calls one after another until the time is up (<see cref="LeanHttpConnection"/>).</summary>
    private static async Task<(long Requests, long Failures, List<double> Latencies)> RunLoadAsync(Uri server, byte[] key, string bucket, int connections, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var connection = await LeanHttpConnection.OpenAsync(server, CancellationToken.None);
            var latencies = new List<double>();
            long failures = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var request = SignedRequest(server, key, bucket);
                var started = Stopwatch.GetTimestamp();
                var status = await connection.SendAsync(request, CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                failures += status is >= 200 and < 300 ? 0 : 1;
            }

            return (latencies, failures);
        })).ToList();

        var results = await Task.WhenAll(workers);
        var all = results.SelectMany(result => result.latencies).ToList();
        return (all.Count, results.Sum(result => result.failures), all);
    }

    /// <summary>A Standard Webhooks request as the Worker signs it (DESIGN.md §6), for a new object version.</summary>
    private static byte[] SignedRequest(Uri server, byte[] key, string bucket)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = $$"""{"event_type":"b3_cotahist_uploaded","bucket":"{{bucket}}","key":"b3/cotahist/2025-03-10.zip","size":368105,"timestamp":"2025-03-10T22:11:00Z","etag":"{{Guid.NewGuid():N}}"}""";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return LeanHttpConnection.Post(
            server,
            "/webhooks/r2/object-created",
            [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", "v1," + signature)],
            "application/json; charset=utf-8",
            Encoding.UTF8.GetBytes(body));
    }
}
