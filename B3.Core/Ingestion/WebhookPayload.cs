using System.Text.Json.Serialization;

namespace B3.Core.Ingestion;

/// <summary>
/// The PRD's webhook body (DESIGN.md §6), posted by the Cloudflare Worker for every object created under <c>b3/</c>:
/// <c>{"event_type":"b3_instrument_uploaded","bucket":"financial-data","key":"b3/instruments/2024-12-05.csv","size":1234567,"timestamp":"2024-12-07T10:30:00Z","etag":"abc123"}</c>.
/// </summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("etag")] string ETag);

[JsonSerializable(typeof(WebhookPayload))]
public sealed partial class IngestionJsonContext : JsonSerializerContext;
