using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using B3.Bench.Synthetic;
using B3.Core.Datasets;
using B3.Processor.Parsing.Cotahist;

namespace B3.Bench.Measures;

/// <summary>
/// A new user's backfill: every year of COTAHIST from 1986 to 2025 as yearly files, each year's file larger than the
/// year before's as B3's have grown (<see cref="Growth"/> a year, the last as large as the yearly measure's), PUT one
/// after another as fast as the stand-in takes them; timed from the first PUT to the last file's rows committed, against
/// psql's <c>\copy</c> of the same rows (the parser's own output) into <c>baseline.daily_quotes</c>. Each file's own
/// load (claimed → committed) is compared with the others' per row, so a file slowed by the history before it shows.
/// </summary>
internal sealed class HistoryMeasure(BenchEnvironment environment, PostgresClient client)
{
    public const int FirstYear = 1986;
    public const int LastYear = 2025;

    /// <summary>How much larger each year's file is than the year before's: 3 M records in 2025 make 40 M in all.</summary>
    private const double Growth = 1.075;

    private const int DaysPerYear = 250;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>How long the Processor may go on exporting forty years to the lake after the last commit.</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The records of each year, the last year's being <paramref name="lastYearRecords"/>.</summary>
    public static IReadOnlyList<(int Year, int RecordsPerDay)> Years(long lastYearRecords) =>
    [
        .. Enumerable.Range(FirstYear, LastYear - FirstYear + 1)
            .Select(year => (year, (int)Math.Max(1, lastYearRecords / Math.Pow(Growth, LastYear - year) / DaysPerYear))),
    ];

    public async Task<ReportRow[]> RunAsync(CotahistSynthesizer synthesizer, long lastYearRecords, string work)
    {
        var files = Generate(synthesizer, lastYearRecords, work);
        var rows = files.Sum(file => file.Records);
        var psql = await CopyWithPsqlAsync(files);

        await environment.ExecuteAsync("CHECKPOINT");
        var started = Stopwatch.GetTimestamp();
        foreach (var file in files)
        {
            await using var body = File.OpenRead(file.Path);
            await environment.PutAsync(file.Key, body);
        }

        var puts = Stopwatch.GetElapsedTime(started);
        foreach (var file in files)
        {
            var job = await environment.WaitForJobAsync(file.Key, Timeout);
            if (job.Status != "succeeded" || job.RowsLoaded != file.Records)
            {
                throw new InvalidOperationException($"{file.Key}: {job.Status}, {job.RowsLoaded} of {file.Records} rows loaded: {job.LastError}");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var exporting = await environment.WaitUntilProcessorIdleAsync(ExportTimeout);
        var ratio = elapsed / psql;

        // The large files' own load per row, slowest against the median: the history before a file should not slow it.
        var loads = await OwnLoadsAsync(files);
        var perRow = loads.Where(load => load.File.Records >= rows / 40).Select(load => load.Load.TotalMilliseconds * 1000 / load.File.Records).Order().ToList();
        var slowest = perRow[^1] / perRow[perRow.Count / 2];
        var holds = ratio <= 1.0 && slowest <= 1.5;
        return
        [
            new ReportRow(
                string.Create(CultureInfo.InvariantCulture, $"Full history {FirstYear}–{LastYear}: {files.Count} yearly COTAHIST files ({rows:N0} rows, {files.Sum(f => new FileInfo(f.Path).Length) / 1e6:N0} MB of ZIP) PUT one after another, first PUT → last commit"),
                string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:N0} s, {rows / elapsed.TotalSeconds:N0} rows/s"),
                string.Create(CultureInfo.InvariantCulture, $"psql \\copy of the same rows: {psql.TotalSeconds:N0} s, {rows / psql.TotalSeconds:N0} rows/s"),
                ratio,
                "≤ 1.0 × psql \\copy; no file's load per row over 1.5 × the median",
                holds,
                string.Create(CultureInfo.InvariantCulture,
                    $"The PUTs took {puts.TotalSeconds:N0} s of it; the Processor went on exporting to the lake for {exporting.TotalSeconds:N0} s after the last commit (not counted; the next measure waits for it). Each file's own load (claimed → committed) per row, the files of at least {rows / 40:N0} rows: median {perRow[perRow.Count / 2]:N2} µs, slowest {perRow[^1]:N2} µs ({slowest:N2}× the median). Run alone with `dotnet run -c Release --project tools/B3.Bench -- --only \"Full history\"`.")),
        ];
    }

    /// <summary>
    /// Each file's own load: from its claim, or from the previous file's commit when it was claimed while that one
    /// still held the dataset's load lock, to its own commit (the jobs' times, one clock).
    /// </summary>
    private async Task<List<(HistoryFile File, TimeSpan Load)>> OwnLoadsAsync(IReadOnlyList<HistoryFile> files)
    {
        var times = new Dictionary<string, (DateTimeOffset Started, DateTimeOffset Finished)>();
        await using (var command = environment.DataSource.CreateCommand(
            "SELECT object_key, started_at, finished_at FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND status = 'succeeded'"))
        {
            command.Parameters.Add(new() { Value = files.Select(file => file.Key).ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                times[reader.GetString(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        var loads = new List<(HistoryFile, TimeSpan)>();
        var previousCommit = DateTimeOffset.MinValue;
        foreach (var file in files.OrderBy(file => times[file.Key].Finished))
        {
            var (claimed, committed) = times[file.Key];
            loads.Add((file, committed - (claimed > previousCommit ? claimed : previousCommit)));
            previousCommit = committed;
        }

        return loads;
    }

    private static List<HistoryFile> Generate(CotahistSynthesizer synthesizer, long lastYearRecords, string work)
    {
        var files = new List<HistoryFile>();
        foreach (var (year, recordsPerDay) in Years(lastYearRecords))
        {
            var path = Path.Combine(work, $"COTAHIST_A{year}.ZIP");
            long records;
            using (var output = File.Create(path))
            {
                records = synthesizer.WriteZip(output, $"COTAHIST_A{year}.TXT", TradingDays.Weekdays(new DateOnly(year, 1, 1), DaysPerYear), Math.Min(recordsPerDay, synthesizer.TemplateRecords));
            }

            files.Add(new HistoryFile($"b3/cotahist/{year}.zip", path, records));
        }

        return files;
    }

    /// <summary>Every file's rows by psql, one <c>\copy</c> a file into the emptied baseline table; only the copies are timed.</summary>
    private async Task<TimeSpan> CopyWithPsqlAsync(IReadOnlyList<HistoryFile> files)
    {
        var parser = new CotahistParser();
        var keys = new ObjectKeys();
        await environment.ExecuteAsync($"TRUNCATE {BaselineSchema.Name}.daily_quotes");
        await environment.ExecuteAsync("CHECKPOINT");
        var total = TimeSpan.Zero;
        foreach (var file in files)
        {
            keys.TryParse(file.Key, out var key);
            var csv = Path.ChangeExtension(file.Path, ".copy.csv");
            var etag = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file.Path)));
            LoadMeasure.ConvertToCsv(file.Path, csv, parser, key, etag);
            total += await client.CopyAsync($"{BaselineSchema.Name}.daily_quotes", ["object_key", "etag", .. parser.Columns], csv);
            File.Delete(csv);
        }

        return total;
    }

    private sealed record HistoryFile(string Key, string Path, long Records);
}
