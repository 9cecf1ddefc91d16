using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class DailySummaryConfiguration : IEntityTypeConfiguration<DailySummary>
{
    public void Configure(EntityTypeBuilder<DailySummary> table)
    {
        table.ToTable("daily_summary");
        table.HasKey(s => new { s.TradeDate, s.Ticker }).HasName("daily_summary_pkey");
        table.Property(s => s.MovingAverage7).HasColumnName("moving_average_7");
        // Daily bars of one ticker over a date range are an index range scan.
        table.HasIndex(s => new { s.Ticker, s.TradeDate }).HasDatabaseName("daily_summary_by_ticker");
    }
}
