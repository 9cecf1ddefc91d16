using System.ComponentModel;

namespace B3.WebhookApi.Model;

/// <summary>
/// A corporate event of a ticker as B3's listed-companies API reported it, once however many snapshots, sources or
/// ISINs repeated it (<c>b3.corporate_events</c>).
/// </summary>
public sealed record CorporateAction(
    [property: Description("First trading session without the right: prices before it are adjusted.")] DateOnly ExDate,
    [property: Description("Last day com (B3's lastDatePrior).")] DateOnly LastDatePrior,
    DateOnly? ApprovedOn,
    DateOnly? PaymentDate,
    [property: Description("split, reverse_split, bonus, cash or other.")] string Kind,
    [property: Description("B3's label: DESDOBRAMENTO, GRUPAMENTO, BONIFICACAO, DIVIDENDO, JRS CAP PROPRIO, …")] string Label,
    [property: Description("B3's factor as sent: a percentage for splits and bonus shares, a multiplier for reverse splits.")] decimal? Factor,
    [property: Description("What a holder's share count is multiplied by.")] decimal? ShareMultiplier,
    [property: Description("BRL per share (interest on capital gross of tax).")] decimal? CashAmount,
    [property: Description("False when the label does not say how to size the event: it is not applied (see b3.adjustment_warnings).")] bool Sized,
    string? Isin,
    [property: Description("Close of the last session before the ex date.")] decimal? CloseBeforeEx,
    [property: Description("What the ex date's events multiply earlier prices by for adjusted=splits.")] decimal? SplitFactor,
    [property: Description("What the ex date's events multiply earlier prices by for adjusted=total.")] decimal? TotalFactor,
    [property: Description("supplement (GetListedSupplementCompany) or cash_history (GetListedCashDividends).")] string Source,
    [property: Description("The first snapshot that reported the event.")] DateOnly FirstReported,
    string? RelatedTo);

/// <summary>A ticker's corporate events, oldest first.</summary>
public sealed record CorporateActionList(string Ticker, IReadOnlyList<CorporateAction> Items);
