using System.Diagnostics;
using System.Globalization;
using B3.Bench;
using B3.Bench.Measures;
using B3.Bench.Synthetic;
using B3.Processor.Parsing.Cotahist;
using B3.Processor.Parsing.Instruments;
using B3.Testing;

// The pipeline bench (issue 5): every measure against a baseline of the same run, one table, written into
// docs/performance.md. Usage: dotnet run -c Release --project tools/B3.Bench [-- --quick] [--only MEASURE] [--output FILE]
var quick = args.Contains("--quick");
var settings = quick ? BenchSettings.Quick : BenchSettings.Full;
var only = Option("--only");

// A partial run (--only) prints its rows but leaves docs/performance.md, which holds whole runs, alone.
var output = Option("--output") ?? (only is null ? Path.Combine(RepositoryPaths.Root, "docs", "performance.md") : null);
var command = "dotnet run -c Release --project tools/B3.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
var started = Stopwatch.GetTimestamp();
var work = Directory.CreateTempSubdirectory("b3-bench-").FullName;
var loadAtStart = LoadAverage();
var rows = new List<ReportRow>();

try
{
    var synthesizer = CotahistSynthesizer.FromSample(Path.Combine(AppContext.BaseDirectory, "Samples", "COTAHIST_D08112024.ZIP"));
    if (Runs("COTAHIST parse"))
    {
        Step("COTAHIST parse, in memory");
        rows.Add(ParseMeasure.Run(synthesizer, settings.RecordsPerDay));
    }

    var year = TradingDays.From(new DateOnly(2024, 1, 1), settings.TradingDays);
    var yearFile = Path.Combine(work, "COTAHIST_A2024.ZIP");
    if (Runs("Yearly COTAHIST load"))
    {
        Step($"Generating a year of COTAHIST ({settings.YearRecords:N0} records)");
        await using var file = File.Create(yearFile);
        synthesizer.WriteZip(file, "COTAHIST_A2024.TXT", year, settings.RecordsPerDay);
    }

    var instrumentsSample = Path.Combine(AppContext.BaseDirectory, "Samples", "InstrumentsConsolidatedFile_20251205_1.csv");
    var instrumentsFile = Path.Combine(work, "InstrumentsConsolidatedFile_20240822_1.csv");
    if (Runs("Instruments file"))
    {
        Step($"Generating {settings.InstrumentRows:N0} instruments");
        await using var file = File.Create(instrumentsFile);
        InstrumentsSynthesizer.Write(file, instrumentsSample, new DateOnly(2024, 8, 22), settings.InstrumentRows);
    }

    Step("Starting PostgreSQL (stock settings), the emulator with the S3 stand-in, the WebhookApi and the Processor");
    await using var server = await BenchPostgres.StartStockUnlessConfiguredAsync();
    await using var environment = await BenchEnvironment.StartAsync();
    await BaselineSchema.CreateAsync(environment);
    var client = new PostgresClient(environment.ConnectionString);
    var machine = await MachineAsync(environment);
    var loads = new LoadMeasure(environment, client);

    await MeasureAsync("Yearly COTAHIST load", "≤ 0.75 × psql \\copy; peak memory ≤ 400 MB", async () =>
    {
        await loads.WarmUpAsync("b3/cotahist/2023-12-28.zip", Generate(stream => synthesizer.WriteZip(stream, "COTAHIST_D28122023.TXT", [new DateOnly(2023, 12, 28)], 2_000)));
        var result = await loads.RunAsync("b3/cotahist/2024.zip", yearFile, new CotahistParser());
        var copy = result.Copy is { } span ? $"{span.TotalSeconds:N1} s, {span / result.Loaded:P0} of the load, {span / result.Psql:N2}× psql" : "not sampled";
        var refresh = result.Refresh is { } refreshed ? $"{refreshed.TotalSeconds:N1} s ({refreshed / result.Loaded:P0})" : "not sampled";
        return
        [
            new ReportRow(
                $"Yearly COTAHIST load ({result.Rows:N0} rows, {new FileInfo(yearFile).Length / 1e6:N0} MB ZIP), stored → committed",
                $"{result.Loaded.TotalSeconds:N1} s",
                $"psql \\copy of the same rows: {result.Psql.TotalSeconds:N1} s",
                result.Ratio,
                "≤ 0.75 × psql \\copy",
                result.Ratio <= 0.75,
                $"the Processor's whole path: event, download of the ZIP, inflate, parse, validate, binary COPY into a fresh table for the year, its indexes, refined-layer refresh of the year, partition swap, commit. COPY phase alone (pg_stat_activity): {copy}; refined-layer refresh: {refresh}. The PUT before it took {result.Upload.TotalSeconds:N1} s. {result.CpuNote}"),
            MemoryRow("Yearly COTAHIST load: Processor peak memory", result),
        ];
    });

    await MeasureAsync("Instruments file", "≤ 1.5 × psql \\copy", async () =>
    {
        await loads.WarmUpAsync("b3/instruments/2024-08-21.csv", Generate(stream => InstrumentsSynthesizer.Write(stream, instrumentsSample, new DateOnly(2024, 8, 21), 2_000)));
        var result = await loads.RunAsync("b3/instruments/2024-08-22.csv", instrumentsFile, new InstrumentsCsvParser());
        return
        [
            new ReportRow(
                $"Instruments file ({result.Rows:N0} rows × 52 columns, {new FileInfo(instrumentsFile).Length / 1e6:N0} MB), stored → committed",
                $"{result.Loaded.TotalSeconds:N2} s",
                $"psql \\copy of the same rows: {result.Psql.TotalSeconds:N2} s",
                result.Ratio,
                "≤ 1.5 × psql \\copy",
                result.Ratio <= 1.5,
                (result.Copy is { } span ? $"COPY phase alone: {span.TotalSeconds:N2} s ({span / result.Psql:N2}× psql). " : string.Empty) + result.CpuNote),
        ];
    });

    await MeasureAsync("End-to-end latency, daily file", "p50 ≤ 0.5 s, p95 ≤ 1 s", async () =>
        [await new LatencyMeasure(environment, client).RunAsync(synthesizer, settings.DailyFiles, settings.DailyRecords, work)]);

    await MeasureAsync("One month of one ticker via the API", QueryMeasure.Target, async () =>
        [await new QueryMeasure(environment).RunAsync(year[0].Year, settings.QueryRequests)]);

    await MeasureAsync("Adjusted month of one ticker via the API", QueryMeasure.Target, async () =>
        [await new QueryMeasure(environment).RunAdjustedAsync(year[0].Year, settings.QueryRequests)]);

    await MeasureAsync("Full history", "≤ 1.0 × psql \\copy; no file's load per row over 1.5 × the median", () =>
        new HistoryMeasure(environment, client).RunAsync(synthesizer, settings.YearRecords, work));

    await MeasureAsync("Webhook intake", "≥ 0.7 × pgbench's transaction rate; p99 ≤ 50 ms", async () =>
        [await new IntakeMeasure(environment, client).RunAsync(BenchSettings.IntakeConnections, settings.IntakeRound)]);

    var elapsed = Stopwatch.GetElapsedTime(started);
    var report = new Report($"{machine}; load average {loadAtStart} at the start, {LoadAverage()} at the end", command, rows);
    var table = report.ToMarkdown(DateTimeOffset.UtcNow, elapsed);
    Console.WriteLine();
    Console.WriteLine(table);
    if (output is not null)
    {
        Report.WriteInto(output, table);
        Console.WriteLine($"Written to {output}");
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

string? Option(string name) => Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;

// --only runs the measures whose name contains its text; the API measures read the year the yearly load loaded.
bool Runs(string measure) => only is null || measure.Contains(only, StringComparison.OrdinalIgnoreCase)
    || (measure == "Yearly COTAHIST load" && (Runs("One month of one ticker via the API") || Runs("Adjusted month of one ticker via the API")));

async Task MeasureAsync(string measure, string target, Func<Task<ReportRow[]>> run)
{
    if (!Runs(measure))
    {
        return;
    }

    Step(measure);
    try
    {
        foreach (var row in await run())
        {
            rows.Add(row);
            Console.WriteLine($"  {row.Measure}: {row.Result} (baseline {row.Baseline})");
        }
    }
    catch (Exception e)
    {
        rows.Add(new ReportRow(measure, "failed", "-", null, target, false, e.Message.Split('\n')[0]));
        Console.WriteLine($"  {measure} failed: {e}");
    }
}

static ReportRow MemoryRow(string measure, LoadResult result) => new(
    measure,
    $"{result.PeakBytes / 1e6:N0} MB",
    $"{result.RestBytes / 1e6:N0} MB resident before the load",
    result.PeakBytes / (double)result.RestBytes,
    "≤ 400 MB",
    result.PeakBytes <= 400e6,
    result.PeakReset ? null : "peak since the Processor started: this kernel did not let the bench reset it");

static MemoryStream Generate(Action<Stream> write)
{
    var body = new MemoryStream();
    write(body);
    body.Position = 0;
    return body;
}

static void Step(string what) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {what}");

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static async Task<string> MachineAsync(BenchEnvironment environment)
{
    var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    var postgres = await environment.ScalarAsync<string>("SELECT current_setting('server_version')");
    var settings = await BenchPostgres.DescribeSettingsAsync(environment);
    return string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores ({cpu}), {ProcessMemory.MachineBytes() / 1e9:N1} GB memory, PostgreSQL {postgres} ({settings}), .NET {Environment.Version}");
}
