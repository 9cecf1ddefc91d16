using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class QuarantinedRowConfiguration : IEntityTypeConfiguration<QuarantinedRow>
{
    public void Configure(EntityTypeBuilder<QuarantinedRow> table)
    {
        table.ToTable("quarantine");
        table.HasKey(r => r.Id).HasName("quarantine_pkey");
        table.Property(r => r.Id).UseIdentityAlwaysColumn();
        table.Property(r => r.ETag).HasColumnName("etag");
        table.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        table.HasIndex(r => new { r.ObjectKey, r.ETag }).HasDatabaseName("quarantine_by_object_key");
    }
}
