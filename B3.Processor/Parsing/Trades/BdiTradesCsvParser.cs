using B3.Core.Datasets;
using B3.Processor.Parsing.Csv;

namespace B3.Processor.Parsing.Trades;

/// <summary>The BDI ConsolidatedTradesEquities CSV export (the trades fallback source) into <c>b3.trades</c>.</summary>
public sealed class BdiTradesCsvParser() : CsvFileParser(Dataset.Trades, TradesLayout.Csv, CsvDialect.BdiExport);
