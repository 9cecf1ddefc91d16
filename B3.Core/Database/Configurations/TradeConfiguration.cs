using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class TradeConfiguration : IEntityTypeConfiguration<Trade>
{
    public void Configure(EntityTypeBuilder<Trade> table)
    {
        table.ToTable("trades");
        table.HasKey(t => new { t.ReportDate, t.Ticker }).HasName("trades_pkey");
        table.MapFileColumns("trades_by_object_key");
    }
}
