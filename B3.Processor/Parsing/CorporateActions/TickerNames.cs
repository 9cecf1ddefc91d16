namespace B3.Processor.Parsing.CorporateActions;

/// <summary>
/// The ticker an event names. A Brazilian share ISIN spells its issuer and class (BR·ABEV·AC·NOR·1 is ABEV's common
/// share, ABEV3; BR·SANB·CDAM·13 is SANB's unit, SANB11); the cash history names the class (ON, PN, UNT). The name is
/// only what the code says: the view <c>b3.corporate_events</c> keeps a row only where that ticker traded under it.
/// </summary>
internal static class TickerNames
{
    private const int IsinLength = 12;
    private const int IssuerStart = 2;
    private const int IssuerLength = 4;
    private const int ClassStart = IssuerStart + IssuerLength;
    private const string UnitSuffix = "11";

    private static readonly Dictionary<string, string> ShareClassOfIsin = new(StringComparer.Ordinal)
    {
        ["ACNOR"] = "3", ["ACNPR"] = "4", ["ACNPA"] = "5", ["ACNPB"] = "6", ["ACNPC"] = "7", ["ACNPD"] = "8",
    };

    private static readonly Dictionary<string, string> ShareClassOfType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ON"] = "3", ["PN"] = "4", ["PNA"] = "5", ["PNB"] = "6", ["PNC"] = "7", ["PND"] = "8", ["UNT"] = UnitSuffix,
    };

    public static string? FromIsin(string? isin)
    {
        if (isin is not { Length: IsinLength } || !isin.StartsWith("BR", StringComparison.Ordinal))
        {
            return null;
        }

        var issuer = isin.Substring(IssuerStart, IssuerLength);
        var kind = isin.AsSpan(ClassStart);
        if (kind.StartsWith("CDAM", StringComparison.Ordinal))
        {
            return issuer + UnitSuffix;
        }

        return ShareClassOfIsin.TryGetValue(kind[..5].ToString(), out var number) ? issuer + number : null;
    }

    /// <param name="root">The issuer's ticker root: <see cref="RootOf"/> its ISINs, or its catalogue key.</param>
    public static string? FromShareClass(string root, string? typeStock) =>
        typeStock is not null && ShareClassOfType.TryGetValue(typeStock, out var number) ? root + number : null;

    /// <summary>
    /// The ticker root the issuer's share ISINs spell, which is not always its catalogue key (B100's shares trade as
    /// ADMF3); null when none of them names a share.
    /// </summary>
    public static string? RootOf(IEnumerable<string?> isins) =>
        isins.FirstOrDefault(isin => FromIsin(isin) is not null)?.Substring(IssuerStart, IssuerLength);
}
