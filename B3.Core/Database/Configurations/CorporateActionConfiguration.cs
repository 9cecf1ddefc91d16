using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class CorporateActionConfiguration : IEntityTypeConfiguration<CorporateAction>
{
    public void Configure(EntityTypeBuilder<CorporateAction> table)
    {
        table.ToTable("corporate_actions");
        table.HasKey(a => new { a.ReportDate, a.Position }).HasName("corporate_actions_pkey");
        table.MapFileColumns("corporate_actions_by_object_key");
        // A ticker's events are looked up when its adjusted series is asked for.
        table.HasIndex(a => new { a.Ticker, a.ExDate }).HasDatabaseName("corporate_actions_by_ticker");
    }
}
