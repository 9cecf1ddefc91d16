namespace B3.Core.Database.Entities;

/// <summary>A ticker's line of the trade summary (<c>b3.trades</c>); a column its layout lacks stays null.</summary>
public sealed class Trade : LoadedRow
{
    public DateOnly ReportDate { get; set; }

    public required string Ticker { get; set; }

    public string? Isin { get; set; }

    public string? Segment { get; set; }

    public string? Market { get; set; }

    public decimal? OpenPrice { get; set; }

    public decimal? MinPrice { get; set; }

    public decimal? MaxPrice { get; set; }

    public decimal? AveragePrice { get; set; }

    public decimal? LastPrice { get; set; }

    public decimal? OscillationPercentage { get; set; }

    public decimal? SettlementPrice { get; set; }

    public decimal? SettlementRate { get; set; }

    public decimal? ReferencePrice { get; set; }

    public long? TradeCount { get; set; }

    public long? Quantity { get; set; }

    public decimal? FinancialVolume { get; set; }
}
