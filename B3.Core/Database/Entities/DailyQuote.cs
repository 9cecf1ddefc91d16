namespace B3.Core.Database.Entities;

/// <summary>A COTAHIST quote record (<c>b3.daily_quotes</c>, partitioned by year); prices are unit prices.</summary>
public sealed class DailyQuote : LoadedRow
{
    public DateOnly TradeDate { get; set; }

    public required string Ticker { get; set; }

    public int MarketType { get; set; }

    public int TermDays { get; set; }

    public string? BdiCode { get; set; }

    public string? ShortName { get; set; }

    public string? Specification { get; set; }

    public string? Currency { get; set; }

    public decimal? Open { get; set; }

    public decimal? High { get; set; }

    public decimal? Low { get; set; }

    public decimal? Average { get; set; }

    public decimal? Close { get; set; }

    public decimal? BestBid { get; set; }

    public decimal? BestAsk { get; set; }

    public long? TradeCount { get; set; }

    public long? Quantity { get; set; }

    public decimal? Volume { get; set; }

    public decimal? Strike { get; set; }

    public int? StrikeCorrection { get; set; }

    public DateOnly? ExpirationDate { get; set; }

    public int? QuoteFactor { get; set; }

    public decimal? StrikePoints { get; set; }

    public string? Isin { get; set; }

    public int? DistributionNumber { get; set; }
}
