namespace B3.Core.Database.Entities;

/// <summary>A webhook call as received (<c>b3.webhook_events</c>): a redelivery is recognised by its id, not stored twice.</summary>
public sealed class WebhookEvent
{
    public long Id { get; set; }

    /// <summary>The Standard Webhooks id.</summary>
    public string? WebhookId { get; set; }

    /// <summary>worker, minio, manual, reconciler.</summary>
    public required string Source { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string? TraceParent { get; set; }

    /// <summary>The event as JSON.</summary>
    public required string Payload { get; set; }
}
