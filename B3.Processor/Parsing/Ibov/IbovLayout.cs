using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Ibov;

/// <summary><c>b3.index_composition</c>: one row per member of an index's theoretical portfolio of the day.</summary>
internal static class IbovLayout
{
    public static TableSchema Schema { get; } = new(
        "b3.index_composition",
        "report_date",
        new("report_date", ColumnType.Date),
        new("index_code", ColumnType.Text),
        new("ticker", ColumnType.Text),
        new("asset", ColumnType.Text),
        new("type", ColumnType.Text),
        new("economic_segment", ColumnType.Text),
        new("participation", ColumnType.Numeric),
        new("theoretical_quantity", ColumnType.Numeric),
        new("reductor", ColumnType.Numeric));

    /// <summary>The JSON names the rows come from (b3-data-formats.md §11).</summary>
    public static IReadOnlyList<string> Labels { get; } =
        ["date", "index", "cod", "asset", "type", "segment", "part", "theoricalQty", "header.reductor"];

    public static RowRules Rules { get; } = new RowRules(Schema)
        .Required("report_date", "index_code", "ticker", "participation", "theoretical_quantity")
        .NotNegative(["participation", "theoretical_quantity", "reductor"])
        .UniqueKey("ticker");
}
