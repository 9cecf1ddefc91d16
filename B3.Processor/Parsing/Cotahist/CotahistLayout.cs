using System.Text;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// <c>b3.daily_quotes</c> from COTAHIST record 01 (b3-data-formats.md §7.5). Prices become unit prices: implied
/// decimals applied, then divided by FATCOT. A blank PRAZOT (every market but forwards) is term 0, so the natural key
/// (trade date, ticker, market type, term) never holds a null.
/// </summary>
internal static class CotahistLayout
{
    public static IReadOnlyList<CotahistField> Fields { get; } =
    [
        new("trade_date", ColumnType.Date, "DATPRE", CotahistFormat.QuoteDate),
        new("ticker", ColumnType.Text, "CODNEG", new(13, 12)),
        new("market_type", ColumnType.Integer, "TPMERC", new(25, 3)),
        new("term_days", ColumnType.Integer, "PRAZOT", new(50, 3), BlankIsZero: true),
        new("bdi_code", ColumnType.Text, "CODBDI", new(11, 2)),
        new("short_name", ColumnType.Text, "NOMRES", new(28, 12)),
        new("specification", ColumnType.Text, "ESPECI", new(40, 10)),
        new("currency", ColumnType.Text, "MODREF", new(53, 4)),
        new("open", ColumnType.Numeric, "PREABE", new(57, 13), Scale: 2, PerQuoteFactor: true),
        new("high", ColumnType.Numeric, "PREMAX", new(70, 13), Scale: 2, PerQuoteFactor: true),
        new("low", ColumnType.Numeric, "PREMIN", new(83, 13), Scale: 2, PerQuoteFactor: true),
        new("average", ColumnType.Numeric, "PREMED", new(96, 13), Scale: 2, PerQuoteFactor: true),
        new("close", ColumnType.Numeric, "PREULT", new(109, 13), Scale: 2, PerQuoteFactor: true),
        new("best_bid", ColumnType.Numeric, "PREOFC", new(122, 13), Scale: 2, PerQuoteFactor: true),
        new("best_ask", ColumnType.Numeric, "PREOFV", new(135, 13), Scale: 2, PerQuoteFactor: true),
        new("trade_count", ColumnType.Bigint, "TOTNEG", new(148, 5)),
        new("quantity", ColumnType.Bigint, "QUATOT", new(153, 18)),
        new("volume", ColumnType.Numeric, "VOLTOT", new(171, 18), Scale: 2),
        new("strike", ColumnType.Numeric, "PREEXE", new(189, 13), Scale: 2, PerQuoteFactor: true),
        new("strike_correction", ColumnType.Integer, "INDOPC", new(202, 1)),
        new("expiration_date", ColumnType.Date, "DATVEN", new(203, 8)),
        new("quote_factor", ColumnType.Integer, "FATCOT", new(211, 7)),
        new("strike_points", ColumnType.Numeric, "PTOEXE", new(218, 13), Scale: 6),
        new("isin", ColumnType.Text, "CODISI", new(231, 12)),
        new("distribution_number", ColumnType.Integer, "DISMES", new(243, 3)),
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
