using System.Diagnostics;
using B3.Bench.Parsing;
using B3.Bench.Synthetic;
using B3.Core.Datasets;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Cotahist;

namespace B3.Bench.Measures;

/// <summary>
/// The COTAHIST parser on one thread, in memory, before anything else runs: 20 synthetic days (240,000 records) parsed
/// into a target that only counts, against one pass over the same bytes. Best of five, which noise can only slow down.
/// The BenchmarkDotNet suite (tests/B3.Benchmarks) measures the same more thoroughly.
/// </summary>
internal static class ParseMeasure
{
    private const int Runs = 5;

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

        var megabytesPerSecond = text.Length / parse.TotalSeconds / 1e6;
        var bytesPerRecord = allocated / (double)counted!.Rows;
        return new ReportRow(
            $"COTAHIST parse, one thread ({counted.Rows:N0} records, {text.Length / 1e6:N0} MB in memory)",
            $"{megabytesPerSecond:N0} MB/s, {bytesPerRecord:N1} B allocated/record",
            $"one pass over the bytes: {text.Length / scan.TotalSeconds / 1e6:N0} MB/s",
            parse / scan,
            "≥ 1 GB/s; no per-record allocations beyond pooled ticker strings",
            megabytesPerSecond >= 1000,
            "what is allocated is the file's natural-key set (one entry per record, kept to find duplicates) and one string per distinct text value with its lookup entry; no garbage per record");
    }

    private static TimeSpan Best(Action run)
    {
        run();
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            run();
            var elapsed = Stopwatch.GetElapsedTime(started);
            best = elapsed < best ? elapsed : best;
        }

        return best;
    }
}
