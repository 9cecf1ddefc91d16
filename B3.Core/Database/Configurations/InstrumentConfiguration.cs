using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class InstrumentConfiguration : IEntityTypeConfiguration<Instrument>
{
    public void Configure(EntityTypeBuilder<Instrument> table)
    {
        table.ToTable("instruments");
        table.HasKey(i => new { i.ReportDate, i.Ticker }).HasName("instruments_pkey");
        table.Property(i => i.SideTypeCode1).HasColumnName("side_type_code_1");
        table.Property(i => i.UnderlyingTicker1).HasColumnName("underlying_ticker_1");
        table.Property(i => i.SideTypeCode2).HasColumnName("side_type_code_2");
        table.Property(i => i.UnderlyingTicker2).HasColumnName("underlying_ticker_2");
        table.MapFileColumns("instruments_by_object_key");
        // The register as of a date (latest report_date on or before it) is looked up per ticker.
        table.HasIndex(i => new { i.Ticker, i.ReportDate }).HasDatabaseName("instruments_by_ticker");
    }
}
