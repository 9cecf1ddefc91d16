using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace B3.Processor.Refining;

/// <summary>
/// One row of <c>b3.daily_summary</c> as the Parquet lake holds it: the same column names, prices as DECIMAL(18,6) and
/// money as DECIMAL(18,2), so DuckDB, Athena or Spark read exact values.
/// </summary>
public sealed class LakeRow
{
    [JsonPropertyName("trade_date")]
    public DateOnly TradeDate { get; init; }

    [JsonPropertyName("ticker"), ParquetRequired]
    public required string Ticker { get; init; }

    [JsonPropertyName("open"), ParquetDecimal(18, 6)]
    public decimal? Open { get; init; }

    [JsonPropertyName("close"), ParquetDecimal(18, 6)]
    public decimal? Close { get; init; }

    [JsonPropertyName("average_price"), ParquetDecimal(18, 6)]
    public decimal? AveragePrice { get; init; }

    [JsonPropertyName("min_price"), ParquetDecimal(18, 6)]
    public decimal? MinPrice { get; init; }

    [JsonPropertyName("max_price"), ParquetDecimal(18, 6)]
    public decimal? MaxPrice { get; init; }

    [JsonPropertyName("vol_financeiro_total"), ParquetDecimal(18, 2)]
    public decimal VolFinanceiroTotal { get; init; }

    [JsonPropertyName("trade_count")]
    public long TradeCount { get; init; }

    [JsonPropertyName("qtd_acoes_negociadas")]
    public long QtdAcoesNegociadas { get; init; }

    [JsonPropertyName("weekday")]
    public int Weekday { get; init; }

    [JsonPropertyName("days_since_year_start")]
    public int DaysSinceYearStart { get; init; }

    [JsonPropertyName("days_to_year_end")]
    public int DaysToYearEnd { get; init; }

    [JsonPropertyName("is_month_start")]
    public bool IsMonthStart { get; init; }

    [JsonPropertyName("quarter")]
    public int Quarter { get; init; }

    [JsonPropertyName("moving_average_7"), ParquetDecimal(18, 6)]
    public decimal? MovingAverage7 { get; init; }

    /// <summary>The close adjusted for splits and cash events (b3.adjustment_periods' total factor) as of the export.</summary>
    [JsonPropertyName("adjusted_close"), ParquetDecimal(18, 6)]
    public decimal? AdjustedClose { get; init; }

    [JsonPropertyName("adjustment_factor"), ParquetDecimal(28, 12)]
    public decimal AdjustmentFactor { get; init; }
}
