using System.Diagnostics;
using System.Globalization;
using B3.Bench.Synthetic;
using B3.Core.Datasets;
using B3.Processor.Parsing.Cotahist;

namespace B3.Bench.Measures;

/// <summary>
/// Daily COTAHIST files, one after the other: PUT into the S3 stand-in, then its event through the emulator, the real
/// Worker, the WebhookApi and the Processor until its rows are committed (seen by polling every 10 ms). The baseline is
/// the database's own time for one such file: psql's <c>\copy</c> of its rows, the median of three.
/// </summary>
internal sealed class LatencyMeasure(BenchEnvironment environment, PostgresClient client)
{
    private const int BaselineFiles = 3;
    private static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(60);

    public async Task<ReportRow> RunAsync(CotahistSynthesizer synthesizer, int files, int recordsPerFile, string workFolder)
    {
        var keys = new ObjectKeys();
        var days = TradingDays.From(new DateOnly(2025, 1, 2), files + BaselineFiles);
        var latencies = new List<double>();
        var (puts, events, claims, loads) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var index = 0; index < files; index++)
        {
            var body = Zip(synthesizer, days[index], recordsPerFile);
            var key = keys.For(Dataset.Cotahist, days[index]);
            var started = Stopwatch.GetTimestamp();
            await environment.PutAsync(key, body);
            var stored = DateTimeOffset.UtcNow;
            puts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var job = await environment.WaitForJobAsync(key, FileTimeout);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var (eventPath, claim, load) = job.Phases(stored);
            events.Add(eventPath.TotalMilliseconds);
            claims.Add(claim.TotalMilliseconds);
            loads.Add(load.TotalMilliseconds);
            if (job.Status != "succeeded" || job.RowsLoaded != recordsPerFile)
            {
                throw new InvalidOperationException($"{key}: {job.Status}, {job.RowsLoaded} rows: {job.LastError}");
            }
        }

        var baseline = new List<double>();
        foreach (var day in days.Skip(files))
        {
            var file = Path.Combine(workFolder, $"daily-{day:yyyyMMdd}.zip");
            await File.WriteAllBytesAsync(file, Zip(synthesizer, day, recordsPerFile).ToArray());
            keys.TryParse(keys.For(Dataset.Cotahist, day), out var key);
            var csv = Path.ChangeExtension(file, ".csv");
            var parser = new CotahistParser();
            LoadMeasure.ConvertToCsv(file, csv, parser, key, "0123456789abcdef0123456789abcdef");
            baseline.Add((await client.CopyAsync($"{BaselineSchema.Name}.daily_quotes", ["object_key", "etag", .. parser.Columns], csv)).TotalMilliseconds);
            File.Delete(csv);
            File.Delete(file);
        }

        var (p50, p95, floor) = (Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.95), Percentiles.Of(baseline, 0.50));
        return new ReportRow(
            $"End-to-end latency, daily file ({recordsPerFile:N0} rows), PUT → rows committed, {files} files",
            $"p50 {p50:N0} ms, p95 {p95:N0} ms",
            $"psql \\copy of one file's rows: {floor:N0} ms",
            p50 / floor,
            "p50 ≤ 0.5 s, p95 ≤ 1 s",
            p50 <= 500 && p95 <= 1000,
            string.Create(CultureInfo.InvariantCulture,
                $"medians: PUT {Percentiles.Of(puts, 0.5):N0} ms, stored → job inserted (S3 event, emulator queue, Worker, WebhookApi) {Percentiles.Of(events, 0.5):N0} ms, → claimed by the Processor {Percentiles.Of(claims, 0.5):N0} ms, → rows committed (download, parse, COPY, refresh, commit) {Percentiles.Of(loads, 0.5):N0} ms."));
    }

    private static MemoryStream Zip(CotahistSynthesizer synthesizer, DateOnly day, int records)
    {
        var body = new MemoryStream();
        synthesizer.WriteZip(body, $"COTAHIST_D{day:ddMMyyyy}.TXT", [day], records);
        body.Position = 0;
        return body;
    }
}
