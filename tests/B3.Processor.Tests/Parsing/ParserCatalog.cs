using B3.Processor.Parsing;
using B3.Processor.Parsing.CorporateActions;
using B3.Processor.Parsing.Cotahist;
using B3.Processor.Parsing.Ibov;
using B3.Processor.Parsing.Instruments;
using B3.Processor.Parsing.Trades;

namespace B3.Processor.Tests.Parsing;

/// <summary>Every parser, and a fixture of each format with the object key it would be stored under.</summary>
public static class ParserCatalog
{
    public static IReadOnlyList<IFileParser> Parsers { get; } =
        [new InstrumentsCsvParser(), new BdiInstrumentsCsvParser(), new TradesCsvParser(), new BdiTradesCsvParser(), new CotahistParser(), new IbovPortfolioParser(), new CorporateActionsParser()];

    public static TheoryData<string> ParserNames { get; } = new(Parsers.Select(parser => parser.GetType().Name));

    /// <summary>A fixture of each format: the parser that reads it, the object key it would be stored under, its file.</summary>
    public static IReadOnlyList<(string Parser, string Key, string File)> Samples { get; } =
    [
        (nameof(InstrumentsCsvParser), "b3/instruments/2022-01-28.csv", "InstrumentsConsolidatedFile_20220128_documented.csv"),
        (nameof(InstrumentsCsvParser), "b3/instruments/2026-09-22.csv", "InstrumentsConsolidatedFile_20260922_documented.csv"),
        (nameof(BdiInstrumentsCsvParser), "b3/instruments/2026-10-02.csv", "BDI_InstrumentsEquities_20261002_built.csv"),
        (nameof(TradesCsvParser), "b3/trades/2025-01-27.csv", "TradeInformationConsolidatedFile_20250127_1.csv"),
        (nameof(TradesCsvParser), "b3/trades/2020-07-24.csv", "TradeInformationConsolidatedFile_20200724_EXCERPT_9_rows.csv"),
        (nameof(BdiTradesCsvParser), "b3/trades/2025-01-27.csv", "BDI_ConsolidatedTradesEquities_20250127_built.csv"),
        (nameof(CotahistParser), "b3/cotahist/2024-11-08.zip", "COTAHIST_D08112024.ZIP"),
        (nameof(CotahistParser), "b3/cotahist/2021-06-25.zip", "COTAHIST_D25062021.TXT"),
        (nameof(IbovPortfolioParser), "b3/ibov/2026-10-05.json", "ibov_2026-10-05_built.json"),
        (nameof(CorporateActionsParser), "b3/corporate-actions/2026-08-24.json", "corporate-actions_2026-08-24_built.json"),
    ];

    public static TheoryData<string, string, string> Files { get; } = new(Samples.Select(sample => (sample.Parser, sample.Key, sample.File)));

    public static IFileParser Named(string name) => Parsers.Single(parser => parser.GetType().Name == name);
}
