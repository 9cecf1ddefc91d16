using System.ComponentModel;
using System.Text.Json.Serialization;

namespace B3.WebhookApi.Model;

/// <summary>
/// One trading day of a cash-market ticker from the refined layer (<c>b3.daily_summary</c>). Prices are unit prices in
/// BRL; <c>volume</c> is the day's financial volume (<c>vol_financeiro_total</c>), <c>quantity</c> the shares traded
/// (<c>qtd_acoes_negociadas</c>).
/// </summary>
public sealed record QuoteBar(
    DateOnly Date,
    decimal? Open,
    decimal? High,
    decimal? Low,
    decimal? Close,
    [property: Description("Volume-weighted average price of the day (COTAHIST PREMED when nothing traded), 6 decimals.")] decimal? AveragePrice,
    [property: Description("Financial volume in BRL (vol_financeiro_total).")] decimal Volume,
    [property: Description("Shares traded (qtd_acoes_negociadas).")] long Quantity,
    long Trades,
    [property: Description("Mean close of the ticker's last 7 trading days up to this one (fewer at the start of its history), 6 decimals.")] decimal? MovingAverage7,
    [property: Description("ISO weekday: 1 = Monday … 5 = Friday.")] int Weekday,
    int DaysSinceYearStart,
    int DaysToYearEnd,
    [property: Description("Day of month ≤ 5.")] bool IsMonthStart,
    int Quarter)
{
    [Description("With adjusted=splits or total: the close times adjustmentFactor, 6 decimals; absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? AdjustedClose { get; init; }

    [Description("With adjusted=splits or total: the product of the factors of every corporate event after this day (1 when none); absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? AdjustmentFactor { get; init; }
}

/// <summary>What a series' closes are adjusted for (<c>adjusted</c>): nothing, share events, or share and cash events.</summary>
public enum PriceAdjustment
{
    None,
    Splits,
    Total,
}

/// <summary>A page of a ticker's daily bars, oldest first.</summary>
public sealed record QuoteSeries(string Ticker, DateOnly? From, DateOnly? To, IReadOnlyList<QuoteBar> Items, int Page, int PageSize, long Total, string? Next)
{
    /// <summary><c>splits</c> or <c>total</c> when the closes were adjusted; absent for the series as traded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Adjusted { get; init; }
}

/// <summary>A ticker's attributes in the latest instruments register on or before <c>asOf</c> (<c>reportDate</c>).</summary>
public sealed record Instrument(
    string Ticker,
    DateOnly AsOf,
    DateOnly ReportDate,
    string? Asset,
    string? AssetDescription,
    string? Segment,
    string? Market,
    string? SecurityCategory,
    string? Isin,
    string? CfiCode,
    string? SpecificationCode,
    string? CorporationName,
    string? CorporateGovernanceLevel,
    string? TradingCurrency,
    long? AllocationRoundLot,
    int? PriceFactor,
    DateOnly? TradingStartDate,
    DateOnly? TradingEndDate,
    DateOnly? ExpirationDate,
    decimal? ExercisePrice,
    string? OptionType,
    string? OptionStyle,
    decimal? MarketCapitalisation,
    string? CustodyTreatmentType);

/// <summary>
/// Totals of one sector on one date: a sector is the register's segment, security category and governance level of
/// the same date (all null for tickers that register does not list).
/// </summary>
public sealed record SectorTotals(
    string? Segment,
    string? SecurityCategory,
    string? GovernanceLevel,
    int Tickers,
    long Trades,
    long Quantity,
    decimal Volume,
    [property: Description("Percent of the day's financial volume, 4 decimals.")] decimal? VolumeShare);

public sealed record SectorDay(DateOnly Date, IReadOnlyList<SectorTotals> Items);

/// <summary>A ticker's place among the day's tickers by financial volume, with its register attributes of that date.</summary>
public sealed record RankedTicker(
    int Rank,
    string Ticker,
    decimal Volume,
    long Trades,
    long Quantity,
    decimal? Close,
    string? Segment,
    string? SecurityCategory,
    string? GovernanceLevel,
    string? CorporationName);

public sealed record TopTickers(DateOnly Date, int N, IReadOnlyList<RankedTicker> Items);
