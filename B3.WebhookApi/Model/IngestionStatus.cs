using System.ComponentModel;
using System.Text.Json.Serialization;

namespace B3.WebhookApi.Model;

/// <summary>One ingestion job (<c>b3.ingestion_jobs</c>): an object version and where its load stands.</summary>
public sealed record IngestionStatus(
    long Id,
    string Dataset,
    string Key,
    [property: JsonPropertyName("etag")] string ETag,
    [property: Description("The file's trading day; null for a yearly COTAHIST file.")] DateOnly? TradeDate,
    [property: Description("queued, processing, succeeded, failed (a permanent error; replay-dead --include-failed queues it again) or dead (attempts used up).")] string State,
    int Attempts,
    int MaxAttempts,
    long? RowsLoaded,
    long? RowsQuarantined,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    [property: Description("When a queued job is next tried.")] DateTimeOffset? NextAttemptAt);

/// <summary>The latest job of one dataset on one trading day; state <c>missing</c> when no object arrived.</summary>
public sealed record DatasetDayStatus(string State, long? JobId, int Attempts, long? RowsLoaded, long? RowsQuarantined, string? LastError, DateTimeOffset? FinishedAt)
{
    public const string MissingState = "missing";

    public static DatasetDayStatus Missing { get; } = new(MissingState, null, 0, null, null, null, null);
}

public sealed record IngestionDay(DateOnly Date, IReadOnlyDictionary<string, DatasetDayStatus> Datasets);

/// <summary>Each trading day of a window (oldest first) with the state of every dataset.</summary>
public sealed record IngestionCalendar(DateOnly From, DateOnly To, IReadOnlyList<string> Datasets, IReadOnlyList<IngestionDay> Days);
