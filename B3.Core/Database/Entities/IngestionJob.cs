namespace B3.Core.Database.Entities;

/// <summary>The processing of one version of one stored object (<c>b3.ingestion_jobs</c>).</summary>
public sealed class IngestionJob
{
    public long Id { get; set; }

    public required string Bucket { get; set; }

    public required string ObjectKey { get; set; }

    public required string ETag { get; set; }

    public required string Dataset { get; set; }

    /// <summary>Null for a yearly file.</summary>
    public DateOnly? TradeDate { get; set; }

    public long? ObjectSize { get; set; }

    public required string Status { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public string? LastError { get; set; }

    public long? RowsLoaded { get; set; }

    public long? RowsQuarantined { get; set; }

    public long? WebhookEventId { get; set; }

    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
