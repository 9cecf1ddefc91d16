using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.CorporateActions;

/// <summary><c>b3.corporate_actions</c>: one row per event per snapshot, as B3's listed-companies API reported it.</summary>
internal static class CorporateActionsLayout
{
    public const string Supplement = "supplement";
    public const string CashHistory = "cash_history";

    public static TableSchema Schema { get; } = new(
        "b3.corporate_actions",
        "report_date",
        new("report_date", ColumnType.Date),
        new("position", ColumnType.Bigint),
        new("issuing_company", ColumnType.Text),
        new("isin", ColumnType.Text),
        new("ticker", ColumnType.Text),
        new("source", ColumnType.Text),
        new("kind", ColumnType.Text),
        new("label", ColumnType.Text),
        new("factor", ColumnType.Numeric),
        new("share_multiplier", ColumnType.Numeric),
        new("cash_amount", ColumnType.Numeric),
        new("sized", ColumnType.Boolean),
        new("approved_on", ColumnType.Date),
        new("last_date_prior", ColumnType.Date),
        new("ex_date", ColumnType.Date),
        new("payment_date", ColumnType.Date),
        new("related_to", ColumnType.Text));

    /// <summary>The names a rejected row's reason uses: B3's JSON names where a column comes from one.</summary>
    public static IReadOnlyList<string> Labels { get; } =
    [
        "date", "position", "issuingCompany", "isinCode", "ticker", "source", "kind", "label", "factor", "shareMultiplier",
        "rate/valueCash", "sized", "approvedOn", "lastDatePrior", "exDate", "paymentDate", "relatedTo",
    ];

    public static RowRules Rules { get; } = new RowRules(Schema)
        .Required("report_date", "issuing_company", "source", "kind", "label", "last_date_prior", "ex_date")
        .NotNegative(["factor", "share_multiplier", "cash_amount"]);
}
