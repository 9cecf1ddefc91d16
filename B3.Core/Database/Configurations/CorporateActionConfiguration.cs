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
        // A reload recounts the reported events of the issuers whose first reports it replaced.
        table.HasIndex(a => a.IssuingCompany).HasDatabaseName("corporate_actions_by_issuer");
    }
}
