namespace B3.Processor.Parsing.CorporateActions;

/// <summary>
/// What a share event's <c>factor</c> means, which only its label says (b3-corporate-actions.md §3, checked by JV
/// against real price steps): a split or bonus gives factor % more shares, a reverse split multiplies them by factor.
/// Any other label (CIS RED CAP, INCORPORACAO, …) is kept unsized: its factor matches no price step.
/// </summary>
internal static class ShareEventKind
{
    public const string Cash = "cash";
    public const string Other = "other";

    private const decimal Percent = 100m;

    /// <summary>The event's kind and, when the label sizes it, what a holder's share count is multiplied by.</summary>
    public static (string Kind, decimal? Multiplier) Of(string label, decimal? factor) => label switch
    {
        "DESDOBRAMENTO" => ("split", 1 + factor / Percent),
        "BONIFICACAO" => ("bonus", 1 + factor / Percent),
        "GRUPAMENTO" => ("reverse_split", factor),
        _ => (Other, null),
    };
}
