namespace B3.Core.Database.Entities;

/// <summary>
/// The refined layer (<c>b3.daily_summary</c>): one row per cash-market ticker and trading day, refreshed in the
/// transaction that loads a COTAHIST file. Names and measures follow the seed's Glue job.
/// </summary>
public sealed class DailySummary
{
    public DateOnly TradeDate { get; set; }

    public required string Ticker { get; set; }

    public decimal? Open { get; set; }

    public decimal? Close { get; set; }

    /// <summary>Volume / quantity (the day's VWAP); PREMED when nothing traded.</summary>
    public decimal? AveragePrice { get; set; }

    public decimal? MinPrice { get; set; }

    public decimal? MaxPrice { get; set; }

    /// <summary>Total financial volume in BRL.</summary>
    public decimal VolFinanceiroTotal { get; set; }

    public long TradeCount { get; set; }

    /// <summary>Total shares traded.</summary>
    public long QtdAcoesNegociadas { get; set; }

    /// <summary>ISO: 1 = Monday … 7 = Sunday.</summary>
    public short Weekday { get; set; }

    public short DaysSinceYearStart { get; set; }

    public short DaysToYearEnd { get; set; }

    /// <summary>Day of month ≤ 5, as the seed defined it.</summary>
    public bool IsMonthStart { get; set; }

    public short Quarter { get; set; }

    /// <summary>The mean close of the ticker's last 7 trading days.</summary>
    public decimal? MovingAverage7 { get; set; }
}
