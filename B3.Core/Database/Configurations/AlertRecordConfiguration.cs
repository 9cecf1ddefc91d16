using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class AlertRecordConfiguration : IEntityTypeConfiguration<AlertRecord>
{
    public void Configure(EntityTypeBuilder<AlertRecord> table)
    {
        table.ToTable("alerts");
        table.HasKey(a => a.Cause).HasName("alerts_pkey");
        table.Property(a => a.SentCount).HasDefaultValue(1);
        table.Property(a => a.SuppressedCount).HasDefaultValue(0);
    }
}
