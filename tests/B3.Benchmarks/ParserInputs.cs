using B3.Bench.Synthetic;
using B3.Processor.Parsing.Cotahist;
using B3.Processor.Parsing.Instruments;
using B3.Processor.Parsing.Trades;

namespace B3.Benchmarks;

/// <summary>
/// Realistic benchmark input built from the real samples (tools/B3.Bench/Synthetic): 20 trading days of COTAHIST
/// (240,000 quote records, bare and zipped), a 75,000-row instruments file and the real 2025-01-27 trades file.
/// </summary>
public static class ParserInputs
{
    public const int CotahistDays = 20;
    public const int CotahistRecordsPerDay = 12_000;
    public const int InstrumentRows = 75_000;

    private static readonly Lazy<CotahistSynthesizer> Synthesizer = new(() => CotahistSynthesizer.FromSample(Sample("COTAHIST_D08112024.ZIP")));

    private static readonly Lazy<byte[]> CotahistText = new(() => Build(output => Synthesizer.Value.Write(output, Days, CotahistRecordsPerDay)));

    private static readonly Lazy<ParserInput> CotahistInput = new(() =>
        new ParserInput("b3/cotahist/2024.zip", CotahistText.Value, CotahistText.Value.Length).Counted(new CotahistParser()));

    private static readonly Lazy<ParserInput> CotahistZipInput = new(() =>
        new ParserInput("b3/cotahist/2024.zip", Build(output => Synthesizer.Value.WriteZip(output, "COTAHIST_A2024.TXT", Days, CotahistRecordsPerDay)), CotahistText.Value.Length).Counted(new CotahistParser()));

    private static readonly Lazy<ParserInput> InstrumentsInput = new(() =>
    {
        var content = Build(output => InstrumentsSynthesizer.Write(output, Sample("InstrumentsConsolidatedFile_20251205_1.csv"), new DateOnly(2024, 8, 22), InstrumentRows));
        return new ParserInput("b3/instruments/2024-08-22.csv", content, content.Length).Counted(new InstrumentsCsvParser());
    });

    private static readonly Lazy<ParserInput> TradesInput = new(() =>
    {
        var content = File.ReadAllBytes(Sample("TradeInformationConsolidatedFile_20250127_1.csv"));
        return new ParserInput("b3/trades/2025-01-27.csv", content, content.Length).Counted(new TradesCsvParser());
    });

    public static ParserInput Cotahist => CotahistInput.Value;

    public static ParserInput CotahistZip => CotahistZipInput.Value;

    public static ParserInput Instruments => InstrumentsInput.Value;

    public static ParserInput Trades => TradesInput.Value;

    private static IReadOnlyList<DateOnly> Days => TradingDays.From(new DateOnly(2024, 1, 1), CotahistDays);

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    private static byte[] Build(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return buffer.ToArray();
    }
}
