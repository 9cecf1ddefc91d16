using B3.Core.Datasets;

namespace B3.Core.Ingestion;

/// <summary>One version of one object (bucket, key, ETag) to load, with how we learned of it.</summary>
public sealed record IngestionRequest(string Bucket, ObjectKey Key, string ETag, long? Size, string? TraceParent = null);

/// <summary>The call that announced an object, kept in <c>b3.webhook_events</c> as the audit trail.</summary>
/// <param name="WebhookId">The Standard Webhooks id; a redelivery carries the same one. Null for sources without ids.</param>
/// <param name="Source">worker, minio, manual or reconciler.</param>
/// <param name="Payload">The body as received (JSON).</param>
public sealed record IngestionEvent(string? WebhookId, string Source, string Payload);

/// <summary>What enqueuing did: a new job, or the job that already covers this object version or event.</summary>
public sealed record EnqueueResult(long JobId, bool Duplicate);
