using B3.Core.Database.Entities;
using B3.Core.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class IngestionJobConfiguration : IEntityTypeConfiguration<IngestionJob>
{
    public void Configure(EntityTypeBuilder<IngestionJob> table)
    {
        table.ToTable("ingestion_jobs", t => t.HasCheckConstraint(
            "ingestion_jobs_status_check", $"status IN ({string.Join(", ", JobLifecycle.All.Select(status => $"'{status}'"))})"));
        table.HasKey(j => j.Id).HasName("ingestion_jobs_pkey");
        table.Property(j => j.Id).UseIdentityAlwaysColumn();
        table.Property(j => j.ETag).HasColumnName("etag");
        table.Property(j => j.TraceParent).HasColumnName("traceparent");
        table.Property(j => j.Status).HasDefaultValue(JobLifecycle.Queued);
        table.Property(j => j.Attempts).HasDefaultValue(0);
        table.Property(j => j.MaxAttempts).HasDefaultValue(5);
        table.Property(j => j.NextAttemptAt).HasDefaultValueSql("now()");
        table.Property(j => j.CreatedAt).HasDefaultValueSql("now()");
        table.Property(j => j.UpdatedAt).HasDefaultValueSql("now()");

        table.HasAlternateKey(j => new { j.Bucket, j.ObjectKey, j.ETag }).HasName("ingestion_jobs_object_version");
        table.HasOne<WebhookEvent>().WithMany().HasForeignKey(j => j.WebhookEventId).HasConstraintName("ingestion_jobs_webhook_event_id_fkey");
        // Claiming scans only what can run: queued work that is due, and processing work whose lease may have expired.
        table.HasIndex(j => new { j.NextAttemptAt, j.Id }).HasDatabaseName("ingestion_jobs_claimable")
            .HasFilter($"status IN ('{JobLifecycle.Queued}', '{JobLifecycle.Processing}')");
        table.HasIndex(j => new { j.TradeDate, j.Dataset }).HasDatabaseName("ingestion_jobs_by_date");
        table.HasIndex(j => j.ObjectKey).HasDatabaseName("ingestion_jobs_by_key");
    }
}
