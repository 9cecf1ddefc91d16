using B3.Core.Datasets;

namespace B3.Processor.Jobs;

/// <summary>A claimed job: one version (ETag) of one object, leased to this worker.</summary>
public sealed record IngestionJob(
    long Id,
    string Bucket,
    ObjectKey Key,
    string ETag,
    int Attempts,
    int MaxAttempts,
    string? TraceParent,
    DateTimeOffset CreatedAt);

/// <summary>What processing a job came to; <paramref name="LastModified"/> is when the object was stored.</summary>
public sealed record JobOutcome(long RowsLoaded, long RowsQuarantined, string? Note = null, DateTimeOffset? LastModified = null);
