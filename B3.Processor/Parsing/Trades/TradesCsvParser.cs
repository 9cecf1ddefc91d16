using B3.Core.Datasets;
using B3.Processor.Parsing.Csv;

namespace B3.Processor.Parsing.Trades;

/// <summary>TradeInformationConsolidatedFile, 15-column (2025) or 12-column (2020) layout, into <c>b3.trades</c>.</summary>
public sealed class TradesCsvParser() : CsvFileParser(Dataset.Trades, TradesLayout.Csv, CsvDialect.Consolidated);
