using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

/// <summary>
/// The table is partitioned by year of trade_date, which EF cannot express: the initial migration creates it with its
/// partitions in SQL, and a migration that adds a partition does so with <c>migrationBuilder.Sql</c>.
/// </summary>
internal sealed class DailyQuoteConfiguration : IEntityTypeConfiguration<DailyQuote>
{
    public void Configure(EntityTypeBuilder<DailyQuote> table)
    {
        table.ToTable("daily_quotes");
        table.HasKey(q => new { q.TradeDate, q.Ticker, q.MarketType, q.TermDays }).HasName("daily_quotes_pkey");
        table.MapFileColumns("daily_quotes_by_object_key");
        table.HasIndex(q => new { q.Ticker, q.TradeDate }).HasDatabaseName("daily_quotes_by_ticker");
    }
}
