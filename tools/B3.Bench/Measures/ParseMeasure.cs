using System.Diagnostics;
using B3.Bench.Parsing;
using B3.Bench.Synthetic;
using B3.Core.Datasets;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Cotahist;

namespace B3.Bench.Measures;

/// <summary>
/// The COTAHIST parser on one thread, in memory, before anything else runs: 20 synthetic days (240,000 records) parsed
/// into a target that only counts, against one pass over the same bytes. The best of runs repeated for three seconds
/// (ten at least): noise can only slow a run down, and a slowdown of the shared host shorter than that window cannot
/// spoil them all. Speed is judged by the parsing thread's CPU time: this machine's two cores are shared (its load
/// average is 2–4 before the bench starts), and wall time also counts the moments the thread waited for a core. Wall
/// time is shown beside it. The BenchmarkDotNet suite (tests/B3.Benchmarks) measures the same more thoroughly.
/// </summary>
internal static class ParseMeasure
{
    private const int MinimumRuns = 10;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    public static ReportRow Run(CotahistSynthesizer synthesizer, int recordsPerDay)
    {
        using var buffer = new MemoryStream();
        synthesizer.Write(buffer, TradingDays.From(new DateOnly(2024, 1, 1), BenchSettings.ParseDays), recordsPerDay);
        var text = buffer.ToArray();
        new ObjectKeys().TryParse("b3/cotahist/2024.zip", out var key);
        var parser = new CotahistParser();

        var scan = Best(() => text.AsSpan().Count((byte)'\n'));
        CountingRowTarget? counted = null;
        long allocated = 0;
        var parse = Best(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            counted = new CountingRowTarget();
            parser.Parse(new MemoryStream(text, writable: false), new ParseContext(key), counted, CancellationToken.None);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        var megabytesPerSecond = MegabytesPerSecond(text, parse.Cpu);
        var bytesPerRecord = allocated / (double)counted!.Rows;
        return new ReportRow(
            $"COTAHIST parse, one thread ({counted.Rows:N0} records, {text.Length / 1e6:N0} MB in memory)",
            $"{megabytesPerSecond:N0} MB/s of the thread's CPU time ({MegabytesPerSecond(text, parse.Wall):N0} MB/s wall), {bytesPerRecord:N1} B allocated/record",
            $"one pass over the bytes: {MegabytesPerSecond(text, scan.Cpu):N0} MB/s",
            parse.Cpu / scan.Cpu,
            "≥ 1 GB/s; no per-record allocations beyond pooled ticker strings",
            megabytesPerSecond >= 1000,
            "what is allocated is one string per distinct text value with its lookup entry, and the natural keys of one day (a set reused from day to day); no garbage per record");
    }

    private static double MegabytesPerSecond(byte[] text, TimeSpan time) => text.Length / time.TotalSeconds / 1e6;

    /// <summary>The shortest CPU time and the shortest wall time of the runs, after one run that warms up.</summary>
    private static (TimeSpan Cpu, TimeSpan Wall) Best(Action run)
    {
        run();
        var (cpu, wall) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        var started = Stopwatch.GetTimestamp();
        for (var runs = 0; runs < MinimumRuns || Stopwatch.GetElapsedTime(started) < Window; runs++)
        {
            var (cpuStarted, wallStarted) = (ThreadCpuTime.Now(), Stopwatch.GetTimestamp());
            run();
            (cpu, wall) = (Shorter(cpu, ThreadCpuTime.Now() - cpuStarted), Shorter(wall, Stopwatch.GetElapsedTime(wallStarted)));
        }

        return (cpu, wall);
    }

    private static TimeSpan Shorter(TimeSpan one, TimeSpan other) => one < other ? one : other;
}
