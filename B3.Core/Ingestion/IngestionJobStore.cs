using Npgsql;
using NpgsqlTypes;

namespace B3.Core.Ingestion;

/// <summary>
/// The durable inbox (<c>b3.ingestion_jobs</c>). Enqueuing records the event and the job in one transaction and
/// NOTIFYs the Processor on commit; the same webhook id, or the same (bucket, key, ETag), never makes a second job.
/// </summary>
public sealed class IngestionJobStore(NpgsqlDataSource dataSource)
{
    /// <summary>The channel the Processor LISTENs on; the payload is the job id.</summary>
    public const string NotificationChannel = "b3_ingestion_jobs";

    /// <summary>
    /// One statement, so one round trip and its own transaction: the event, the job it makes (NOTIFYing on commit),
    /// or else the job that already covers the object version.
    /// </summary>
    private const string EnqueueSql = $"""
        WITH event AS (
            INSERT INTO b3.webhook_events (webhook_id, source, traceparent, payload)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING id
        ), job AS (
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, object_size, webhook_event_id, traceparent)
            SELECT $5, $6, $7, $8, $9, $10, event.id, $3 FROM event
            ON CONFLICT (bucket, object_key, etag) DO NOTHING
            RETURNING id, pg_notify('{NotificationChannel}', id::text)
        )
        SELECT id, false FROM job
        UNION ALL
        SELECT id, true FROM b3.ingestion_jobs
        WHERE bucket = $5 AND object_key = $6 AND etag = $7 AND NOT EXISTS (SELECT FROM job)
        """;

    public async Task<EnqueueResult> EnqueueAsync(IngestionRequest request, IngestionEvent source, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(EnqueueSql, connection)
        {
            Parameters =
            {
                new() { Value = (object?)source.WebhookId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = source.Source, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)request.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = source.Payload, NpgsqlDbType = NpgsqlDbType.Jsonb },
                new() { Value = request.Bucket, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = request.Key.Key, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = request.ETag, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = request.Key.Dataset.Name, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = request.Key.IsYearly ? DBNull.Value : request.Key.From, NpgsqlDbType = NpgsqlDbType.Date },
                new() { Value = (object?)request.Size ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
            },
        };

        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return new EnqueueResult(reader.GetInt64(0), Duplicate: reader.GetBoolean(1));
            }
        }

        // Nothing when a concurrent call inserted the same object version after this statement's snapshot was taken:
        // it has committed by now (the insert waited for it), so a fresh look finds its job.
        var existing = await FindJobAsync(connection, request, cancellationToken)
            ?? throw new InvalidOperationException($"Webhook {source.WebhookId} was seen before but no job exists for {request.Key.Key} ({request.ETag}).");
        return new EnqueueResult(existing, Duplicate: true);
    }

    private static async Task<long?> FindJobAsync(NpgsqlConnection connection, IngestionRequest request, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id FROM b3.ingestion_jobs WHERE bucket = $1 AND object_key = $2 AND etag = $3", connection)
        {
            Parameters = { new() { Value = request.Bucket }, new() { Value = request.Key.Key }, new() { Value = request.ETag } },
        };
        return (long?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
