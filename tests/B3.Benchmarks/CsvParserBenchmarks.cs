using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using B3.Processor.Parsing.Instruments;
using B3.Processor.Parsing.Trades;

namespace B3.Benchmarks;

/// <summary>The instruments (75,000 rows × 52 columns) and trades (the real 2025-01-27 file) parsers, each against one pass over its bytes.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CsvParserBenchmarks
{
    private readonly InstrumentsCsvParser _instruments = new();
    private readonly TradesCsvParser _trades = new();

    [GlobalSetup]
    public void Setup() => _ = (ParserInputs.Instruments, ParserInputs.Trades);

    [Benchmark(Baseline = true), BenchmarkCategory("instruments"), Measures(nameof(ParserInputs.Instruments))]
    public int ScanInstruments() => ParserInputs.Instruments.Content.AsSpan().Count((byte)'\n');

    [Benchmark, BenchmarkCategory("instruments"), Measures(nameof(ParserInputs.Instruments))]
    public long ParseInstruments() => ParserInputs.Instruments.Parse(_instruments).Rows;

    [Benchmark(Baseline = true), BenchmarkCategory("trades"), Measures(nameof(ParserInputs.Trades))]
    public int ScanTrades() => ParserInputs.Trades.Content.AsSpan().Count((byte)'\n');

    [Benchmark, BenchmarkCategory("trades"), Measures(nameof(ParserInputs.Trades))]
    public long ParseTrades() => ParserInputs.Trades.Parse(_trades).Rows;
}
