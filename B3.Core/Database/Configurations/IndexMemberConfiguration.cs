using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class IndexMemberConfiguration : IEntityTypeConfiguration<IndexMember>
{
    public void Configure(EntityTypeBuilder<IndexMember> table)
    {
        table.ToTable("index_composition");
        table.HasKey(m => new { m.ReportDate, m.IndexCode, m.Ticker }).HasName("index_composition_pkey");
        table.MapFileColumns("index_composition_by_object_key");
    }
}
