using B3.Core.Formats;
using B3.Processor.Parsing.Common;
using B3.Processor.Parsing.Csv;

namespace B3.Processor.Parsing.Trades;

/// <summary>
/// <c>b3.trades</c>: TradeInformationConsolidatedFile in its 15- and 12-column layouts (b3-data-formats.md §4) and the
/// BDI ConsolidatedTradesEquities export (§5.3). Columns a file lacks (the old layout's OscnPctg, AdjstdQtTax and
/// NtlFinVol; the consolidated file's market and opening price) stay null.
/// </summary>
internal static class TradesLayout
{
    private static readonly CsvColumn[] Columns =
    [
        new("report_date", ColumnType.Date, "RptDt"),
        new("ticker", ColumnType.Text, "TckrSymb"),
        new("isin", ColumnType.Text, "ISIN"),
        new("segment", ColumnType.Text, "SgmtNm"),
        new("market", ColumnType.Text, "MktNm"),
        new("open_price", ColumnType.Numeric, "OpenPric"),
        new("min_price", ColumnType.Numeric, "MinPric"),
        new("max_price", ColumnType.Numeric, "MaxPric"),
        new("average_price", ColumnType.Numeric, "TradAvrgPric"),
        new("last_price", ColumnType.Numeric, "LastPric"),
        new("oscillation_percentage", ColumnType.Numeric, "OscnPctg", "Osc"),
        new("settlement_price", ColumnType.Numeric, "AdjstdQt"),
        new("settlement_rate", ColumnType.Numeric, "AdjstdQtTax"),
        new("reference_price", ColumnType.Numeric, "RefPric"),
        new("trade_count", ColumnType.Bigint, "TradQty"),
        new("quantity", ColumnType.Bigint, "FinInstrmQty"),
        new("financial_volume", ColumnType.Numeric, "NtlFinVol"),
    ];

    private static readonly string[] Prices = ["open_price", "min_price", "max_price", "average_price", "last_price", "settlement_price", "reference_price"];

    public static TableSchema Schema { get; } = CsvColumn.Schema("b3.trades", "report_date", Columns);

    private static RowRules Rules { get; } = new RowRules(Schema)
        .Required("report_date", "ticker")
        .NotNegative(Prices, exempt: MarketSegments.MayQuoteBelowZero(Schema))
        .NotNegative(["trade_count", "quantity", "financial_volume"])
        .NotBelow("max_price", "min_price")
        .UniqueKey("ticker");

    public static CsvLayout Csv { get; } = new(B3CsvFile.Trades, Columns, Rules);
}
