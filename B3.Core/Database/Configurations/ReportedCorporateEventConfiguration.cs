using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class ReportedCorporateEventConfiguration : IEntityTypeConfiguration<ReportedCorporateEvent>
{
    public void Configure(EntityTypeBuilder<ReportedCorporateEvent> table)
    {
        table.ToTable("reported_corporate_events");
        table.HasKey(e => e.Id).HasName("reported_corporate_events_pkey");
        table.Property(e => e.Id).UseIdentityAlwaysColumn();
        table.Property(e => e.ETag).HasColumnName("etag");
        // An event is its whole description, nulls included; the ticker and ex date lead, as a ticker's series reads them.
        table.HasIndex(e => new
            {
                e.Ticker, e.ExDate, e.Kind, e.Label, e.Factor, e.ShareMultiplier, e.CashAmount, e.Sized, e.IssuingCompany,
                e.Isin, e.ApprovedOn, e.LastDatePrior, e.PaymentDate, e.RelatedTo, e.Source,
            })
            .IsUnique()
            .AreNullsDistinct(false)
            .HasDatabaseName("reported_corporate_events_identity");
        table.HasIndex(e => e.FirstReported).HasDatabaseName("reported_corporate_events_by_first_report");
    }
}
