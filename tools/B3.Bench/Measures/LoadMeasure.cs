using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using B3.Bench.Parsing;
using B3.Core.Datasets;
using B3.Processor.Parsing;

namespace B3.Bench.Measures;

/// <summary>
/// One file through the Processor's real path — PUT into the S3 stand-in, its event through the emulator, the Worker and
/// the WebhookApi, then the Processor streams it, parses, validates, COPYs, replaces and refreshes in one transaction —
/// against psql's <c>\copy</c> of the same rows, pre-converted to CSV, into an identical table of schema
/// <see cref="BaselineSchema.Name"/>. Each side starts after a CHECKPOINT, on empty tables.
/// </summary>
internal sealed class LoadMeasure(BenchEnvironment environment, PostgresClient client)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(8);

    /// <summary>
    /// Loads a small file of the dataset first, untimed: the Processor is long-lived, and its first file of a kind runs
    /// code the JIT has not optimized yet, which would otherwise count against a one-second load.
    /// </summary>
    public async Task WarmUpAsync(string key, Stream body)
    {
        await environment.PutAsync(key, body);
        var job = await environment.WaitForJobAsync(key, LoadTimeout);
        if (job.Status != "succeeded")
        {
            throw new InvalidOperationException($"The warm-up file {key} did not load: {job.Status} {job.LastError}");
        }

        await environment.WaitUntilProcessorIdleAsync(LoadTimeout);
    }

    public async Task<LoadResult> RunAsync(string key, string file, IFileParser parser)
    {
        var keys = new ObjectKeys();
        keys.TryParse(key, out var objectKey);
        var etag = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file)));
        var csv = Path.ChangeExtension(file, ".copy.csv");
        var rows = ConvertToCsv(file, csv, parser, objectKey, etag);

        await environment.ExecuteAsync("CHECKPOINT");
        var baselineTable = BaselineSchema.Name + parser.Table[parser.Table.IndexOf('.')..];
        var psqlStart = CpuUsage.Sample(Environment.ProcessId);
        var psql = await client.CopyAsync(baselineTable, ["object_key", "etag", .. parser.Columns], csv);
        var psqlBusy = CpuUsage.MachineBusy(psqlStart, CpuUsage.Sample(Environment.ProcessId));
        File.Delete(csv);

        await environment.ExecuteAsync("CHECKPOINT");
        var pid = environment.ProcessorPid;
        var resetPeak = ProcessMemory.ResetPeak(pid);
        var atRest = ProcessMemory.CurrentBytes(pid);

        await using var body = File.OpenRead(file);
        var sampler = StatementSampler.Start(environment.ConnectionString);
        var putStarted = Stopwatch.GetTimestamp();
        long stored;
        DateTimeOffset storedAt;
        CpuUsage loadStart;
        FinishedJob job;
        try
        {
            await environment.PutAsync(key, body);
            stored = Stopwatch.GetTimestamp();
            storedAt = DateTimeOffset.UtcNow;
            loadStart = CpuUsage.Sample(pid);
            job = await environment.WaitForJobAsync(key, LoadTimeout);
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        var loadEnd = CpuUsage.Sample(pid);

        var loaded = Stopwatch.GetElapsedTime(stored);
        var copy = sampler.Span(query => query.StartsWith("COPY " + parser.Table, StringComparison.Ordinal));
        var refresh = sampler.Span(query => query.Contains("b3.daily_summary", StringComparison.Ordinal));
        if (job.Status != "succeeded" || job.RowsLoaded != rows)
        {
            throw new InvalidOperationException($"{key}: {job.Status}, {job.RowsLoaded} of {rows} rows loaded: {job.LastError}");
        }

        await environment.WaitUntilProcessorIdleAsync(LoadTimeout);

        return new LoadResult(rows, loaded, copy, psql, Stopwatch.GetElapsedTime(putStarted, stored), atRest, ProcessMemory.PeakBytes(pid), resetPeak)
        {
            ProcessorCpu = CpuUsage.ProcessTime(loadStart, loadEnd),
            MachineBusy = CpuUsage.MachineBusy(loadStart, loadEnd),
            PsqlMachineBusy = psqlBusy,
            Refresh = refresh,
            Phases = job.Phases(storedAt),
        };
    }

    /// <summary>The rows exactly as the Processor would COPY them (same parser, key and ETag), as CSV for psql.</summary>
    public static long ConvertToCsv(string file, string csv, IFileParser parser, ObjectKey key, string etag)
    {
        using var content = File.OpenRead(file);
        using var writer = new StreamWriter(csv, append: false, new UTF8Encoding(false), 1 << 16);
        var target = new CsvRowTarget(writer, key.Key, etag);
        parser.Parse(content, new ParseContext(key), target, CancellationToken.None);
        target.Complete();
        return target.Rejects == 0 ? target.Rows : throw new InvalidOperationException($"{file}: {target.Rejects} rows rejected by {parser.GetType().Name}.");
    }
}

/// <param name="Loaded">From the object stored to its rows committed.</param>
/// <param name="Copy">The COPY statement's span as sampled in pg_stat_activity.</param>
/// <param name="Upload">The PUT into the stand-in, not part of <paramref name="Loaded"/>.</param>
internal sealed record LoadResult(long Rows, TimeSpan Loaded, TimeSpan? Copy, TimeSpan Psql, TimeSpan Upload, long RestBytes, long PeakBytes, bool PeakReset)
{
    public double Ratio => Loaded / Psql;

    /// <summary>The Processor's own CPU time over the load (download, inflate, parse, encode; not the database's).</summary>
    public TimeSpan ProcessorCpu { get; init; }

    /// <summary>How busy the machine's cores were during the load, and during psql's <c>\copy</c>.</summary>
    public double MachineBusy { get; init; }

    public double PsqlMachineBusy { get; init; }

    /// <summary>The refined layer's statements on <c>b3.daily_summary</c>, first to last sample (COTAHIST only).</summary>
    public TimeSpan? Refresh { get; init; }

    public (TimeSpan Event, TimeSpan Claim, TimeSpan Load) Phases { get; init; }

    public string CpuNote => string.Create(CultureInfo.InvariantCulture,
        $"Stored → job inserted (event path) {Phases.Event.TotalMilliseconds:N0} ms, → claimed {Phases.Claim.TotalMilliseconds:N0} ms, → committed {Phases.Load.TotalSeconds:N2} s. The Processor used {ProcessorCpu.TotalSeconds:N1} s of CPU ({ProcessorCpu.TotalMilliseconds * 1000 / Rows:N1} µs/row); the machine's cores were {MachineBusy:P0} busy during the load and {PsqlMachineBusy:P0} during psql (all processes).");
}
