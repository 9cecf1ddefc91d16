using System.Globalization;

namespace B3.Downloader.Sources;

/// <summary>When the weekly full cash history (GetListedCashDividends) is fetched with the day's snapshot.</summary>
public enum FullHistoryMode
{
    /// <summary>On the first trading day of each ISO week (<see cref="CorporateActionsSource.IsFirstTradingDayOfIsoWeek"/>).</summary>
    Weekly,

    Always,

    Never,
}

/// <summary>
/// The corporate-actions download's knobs, from environment variables. B3's listed-companies API is called once per
/// issuer (~3,400 of them), so the pace, the issuers and the weekly full history decide whether a run takes minutes or hours.
/// </summary>
public sealed class CorporateActionsSettings
{
    /// <summary>Time between the starts of two calls: seconds (<c>1</c>, <c>0.5</c>) or a TimeSpan (<c>00:00:01</c>); 0 for no wait.</summary>
    public const string CallIntervalVariable = "B3_LISTED_CALL_INTERVAL";

    /// <summary>Comma-separated issuer codes or tickers (<c>ABEV,MGLU3</c>) to fetch instead of every issuer, e.g. locally.</summary>
    public const string IssuersVariable = "B3_CORPORATE_ACTIONS_ISSUERS";

    /// <summary><c>weekly</c> (default), <c>always</c> or <c>never</c>: when GetListedCashDividends' full history is fetched too.</summary>
    public const string FullHistoryVariable = "B3_CORPORATE_ACTIONS_FULL_HISTORY";

    /// <summary>B3's issuer codes are four characters (<c>ABEV</c>, <c>B100</c>); a ticker adds its class digits (<c>MGLU3</c>, <c>TAEE11</c>).</summary>
    private const int IssuerCodeLength = 4;

    private const int MaxTickerLength = 6;

    /// <summary>About one call a second: what the projects that call this API wait (b3-corporate-actions.md §1).</summary>
    public TimeSpan CallInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The issuers to fetch (4-character codes); empty means every issuer GetInitialCompanies lists.</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [];

    public FullHistoryMode FullHistory { get; init; } = FullHistoryMode.Weekly;

    public static CorporateActionsSettings FromConfiguration(IConfiguration configuration)
    {
        var defaults = new CorporateActionsSettings();
        return new CorporateActionsSettings
        {
            CallInterval = configuration[CallIntervalVariable] is { Length: > 0 } interval ? ParseInterval(interval) : defaults.CallInterval,
            Issuers = configuration[IssuersVariable] is { Length: > 0 } issuers ? ParseIssuers(issuers) : defaults.Issuers,
            FullHistory = configuration[FullHistoryVariable] is { Length: > 0 } mode
                ? Enum.TryParse<FullHistoryMode>(mode.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw Invalid(FullHistoryVariable, mode, "weekly, always or never")
                : defaults.FullHistory,
        };
    }

    /// <summary>The issuer code of a code or ticker: <c>mglu3</c> → <c>MGLU</c>, <c>B100</c> → <c>B100</c>.</summary>
    public static string IssuerCode(string codeOrTicker)
    {
        var code = codeOrTicker.Trim().ToUpperInvariant();
        return code.Length is >= IssuerCodeLength and <= MaxTickerLength && code.All(char.IsAsciiLetterOrDigit) && code[IssuerCodeLength..].All(char.IsAsciiDigit)
            ? code[..IssuerCodeLength]
            : throw Invalid(IssuersVariable, codeOrTicker, "issuer codes (ABEV) or tickers (ABEV3), comma-separated");
    }

    private static TimeSpan ParseInterval(string text)
    {
        text = text.Trim();
        var parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : (TimeSpan?)null;
        return parsed is { } interval && interval >= TimeSpan.Zero
            ? interval
            : throw Invalid(CallIntervalVariable, text, "seconds (1, 0.5) or a TimeSpan (00:00:01), not negative");
    }

    private static IReadOnlyList<string> ParseIssuers(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IssuerCode).Distinct(StringComparer.Ordinal)];

    private static InvalidOperationException Invalid(string variable, string value, string expected) =>
        new($"{variable} has the invalid value '{value}'; expected {expected}.");
}
