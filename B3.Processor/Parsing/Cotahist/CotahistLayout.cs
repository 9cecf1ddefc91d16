using System.Text;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// <c>b3.daily_quotes</c> from COTAHIST record 01 (b3-data-formats.md §7.5). Prices become unit prices: implied
/// decimals applied, then divided by FATCOT. A blank PRAZOT (every market but forwards) is term 0, so the natural key
/// (trade date, ticker, market type, term) never holds a null.
/// </summary>
internal static class CotahistLayout
{
    public const int RecordLength = 245;

    public static IReadOnlyList<CotahistField> Fields { get; } =
    [
        new("trade_date", ColumnType.Date, "DATPRE", 3, 8),
        new("ticker", ColumnType.Text, "CODNEG", 13, 12),
        new("market_type", ColumnType.Integer, "TPMERC", 25, 3),
        new("term_days", ColumnType.Integer, "PRAZOT", 50, 3, BlankIsZero: true),
        new("bdi_code", ColumnType.Text, "CODBDI", 11, 2),
        new("short_name", ColumnType.Text, "NOMRES", 28, 12),
        new("specification", ColumnType.Text, "ESPECI", 40, 10),
        new("currency", ColumnType.Text, "MODREF", 53, 4),
        new("open", ColumnType.Numeric, "PREABE", 57, 13, Scale: 2, PerQuoteFactor: true),
        new("high", ColumnType.Numeric, "PREMAX", 70, 13, Scale: 2, PerQuoteFactor: true),
        new("low", ColumnType.Numeric, "PREMIN", 83, 13, Scale: 2, PerQuoteFactor: true),
        new("average", ColumnType.Numeric, "PREMED", 96, 13, Scale: 2, PerQuoteFactor: true),
        new("close", ColumnType.Numeric, "PREULT", 109, 13, Scale: 2, PerQuoteFactor: true),
        new("best_bid", ColumnType.Numeric, "PREOFC", 122, 13, Scale: 2, PerQuoteFactor: true),
        new("best_ask", ColumnType.Numeric, "PREOFV", 135, 13, Scale: 2, PerQuoteFactor: true),
        new("trade_count", ColumnType.Bigint, "TOTNEG", 148, 5),
        new("quantity", ColumnType.Bigint, "QUATOT", 153, 18),
        new("volume", ColumnType.Numeric, "VOLTOT", 171, 18, Scale: 2),
        new("strike", ColumnType.Numeric, "PREEXE", 189, 13, Scale: 2, PerQuoteFactor: true),
        new("strike_correction", ColumnType.Integer, "INDOPC", 202, 1),
        new("expiration_date", ColumnType.Date, "DATVEN", 203, 8),
        new("quote_factor", ColumnType.Integer, "FATCOT", 211, 7),
        new("strike_points", ColumnType.Numeric, "PTOEXE", 218, 13, Scale: 6),
        new("isin", ColumnType.Text, "CODISI", 231, 12),
        new("distribution_number", ColumnType.Integer, "DISMES", 243, 3),
    ];

    public static TableSchema Schema { get; } =
        new("b3.daily_quotes", "trade_date", [.. Fields.Select(field => new TableColumn(field.Column, field.Type))]);

    public static IReadOnlyList<string> Labels { get; } = [.. Fields.Select(field => field.Name)];

    /// <summary>ASCII, with Latin-1 bytes in some files since 2012.</summary>
    public static FieldFormat Format { get; } = new(Encoding.Latin1, DateLayout.Compact, NumberFormat.DigitsOnly);

    public static CotahistField QuoteFactor { get; } = Fields.Single(field => field.Column == "quote_factor");

    public static RowRules Rules { get; } = new RowRules(Schema)
        .Required("trade_date", "ticker", "market_type")
        .NotBelow("high", "low")
        .UniqueKey("ticker", "market_type", "term_days");
}
