using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> table)
    {
        table.ToTable("webhook_events");
        table.HasKey(e => e.Id).HasName("webhook_events_pkey");
        table.Property(e => e.Id).UseIdentityAlwaysColumn();
        table.HasIndex(e => e.WebhookId).IsUnique().HasDatabaseName("webhook_events_webhook_id_key");
        table.Property(e => e.ReceivedAt).HasDefaultValueSql("now()");
        table.Property(e => e.TraceParent).HasColumnName("traceparent");
        table.Property(e => e.Payload).HasColumnType("jsonb");
    }
}
