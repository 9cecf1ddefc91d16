using System.Globalization;
using B3.Bench;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Cotahist;
using B3.Processor.Parsing.Instruments;
using B3.Processor.Parsing.Trades;

namespace B3.Benchmarks;

/// <summary>
/// A quick turn beside BenchmarkDotNet: a parse's CPU time per record (the parsing thread's, to the nanosecond, so
/// other work on the shared cores only slows it through the caches), best of N, and the bytes it allocates per record.
/// The COTAHIST text by default, or the instruments or trades file.
/// </summary>
internal static class CpuTimeHarness
{
    public static void Run(int runs, string file)
    {
        var (input, parser) = file switch
        {
            "cotahist" => (ParserInputs.Cotahist, (IFileParser)new CotahistParser()),
            "instruments" => (ParserInputs.Instruments, new InstrumentsCsvParser()),
            "trades" => (ParserInputs.Trades, new TradesCsvParser()),
            _ => throw new ArgumentException($"No parser input '{file}': cotahist, instruments or trades.", nameof(file)),
        };
        input.Parse(parser);
        var best = TimeSpan.MaxValue;
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = ThreadCpuTime.Now();
            input.Parse(parser);
            var elapsed = ThreadCpuTime.Now() - started;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best = elapsed < best ? elapsed : best;
        }

        var nanoseconds = best.TotalNanoseconds / input.Records;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{file}, best of {runs}: {nanoseconds:N0} ns/record CPU, {input.TextBytes / best.TotalSeconds / 1e6:N0} MB/s, {allocated / (double)input.Records:N1} B/record"));
    }
}
