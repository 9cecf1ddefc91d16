namespace B3.Core.Database.Entities;

/// <summary>A corporate event as B3's listed-companies API describes it: the columns a snapshot row and a reported event share.</summary>
public abstract class CorporateEventRow : LoadedRow
{
    public required string IssuingCompany { get; set; }

    /// <summary>The ISIN the event names; the cash history names a share class instead.</summary>
    public string? Isin { get; set; }

    /// <summary>The ticker the ISIN or share class names (<c>BRABEVACNOR1</c> → ABEV3), when it names one.</summary>
    public string? Ticker { get; set; }

    /// <summary><c>supplement</c> (GetListedSupplementCompany) or <c>cash_history</c> (GetListedCashDividends).</summary>
    public required string Source { get; set; }

    /// <summary><c>split</c>, <c>reverse_split</c>, <c>bonus</c>, <c>cash</c> or <c>other</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>B3's label as sent: DESDOBRAMENTO, GRUPAMENTO, BONIFICACAO, DIVIDENDO, JRS CAP PROPRIO, …</summary>
    public required string Label { get; set; }

    /// <summary>B3's <c>factor</c> of a share event as sent: a percentage or a multiplier, depending on the label.</summary>
    public decimal? Factor { get; set; }

    /// <summary>What a holder's share count is multiplied by; null when the label does not say how to size it.</summary>
    public decimal? ShareMultiplier { get; set; }

    /// <summary>BRL per share of a cash event (interest on capital gross of tax).</summary>
    public decimal? CashAmount { get; set; }

    /// <summary>False for a share event whose label does not size it: kept, reported, not applied.</summary>
    public bool Sized { get; set; }

    public DateOnly? ApprovedOn { get; set; }

    /// <summary>The last day <i>com</i>: the share still carries the right at its close.</summary>
    public DateOnly LastDatePrior { get; set; }

    /// <summary>The first trading session after <see cref="LastDatePrior"/>.</summary>
    public DateOnly ExDate { get; set; }

    public DateOnly? PaymentDate { get; set; }

    public string? RelatedTo { get; set; }
}
