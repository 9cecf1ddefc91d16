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

    public async Task<EnqueueResult> EnqueueAsync(IngestionRequest request, IngestionEvent source, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var eventId = await InsertEventAsync(connection, source, request.TraceParent, cancellationToken);
        long? jobId = null;
        if (eventId is not null)
        {
            jobId = await InsertJobAsync(connection, request, eventId.Value, cancellationToken);
        }

        if (jobId is { } created)
        {
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{NotificationChannel}', $1)", connection)
            {
                Parameters = { new() { Value = created.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            };
            await notify.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new EnqueueResult(created, Duplicate: false);
        }

        await transaction.CommitAsync(cancellationToken);
        var existing = await FindJobAsync(connection, request, cancellationToken)
            ?? throw new InvalidOperationException($"Webhook {source.WebhookId} was seen before but no job exists for {request.Key.Key} ({request.ETag}).");
        return new EnqueueResult(existing, Duplicate: true);
    }

    /// <summary>Null when an event with the same webhook id was recorded before.</summary>
    private static async Task<long?> InsertEventAsync(NpgsqlConnection connection, IngestionEvent source, string? traceParent, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO b3.webhook_events (webhook_id, source, traceparent, payload)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING id
            """, connection)
        {
            Parameters =
            {
                new() { Value = (object?)source.WebhookId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = source.Source },
                new() { Value = (object?)traceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = source.Payload, NpgsqlDbType = NpgsqlDbType.Jsonb },
            },
        };
        return (long?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Null when a job for this object version exists already.</summary>
    private static async Task<long?> InsertJobAsync(NpgsqlConnection connection, IngestionRequest request, long eventId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, object_size, webhook_event_id, traceparent)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (bucket, object_key, etag) DO NOTHING
            RETURNING id
            """, connection)
        {
            Parameters =
            {
                new() { Value = request.Bucket },
                new() { Value = request.Key.Key },
                new() { Value = request.ETag },
                new() { Value = request.Key.Dataset.Name },
                new() { Value = request.Key.IsYearly ? DBNull.Value : request.Key.From, NpgsqlDbType = NpgsqlDbType.Date },
                new() { Value = (object?)request.Size ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = eventId },
                new() { Value = (object?)request.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        return (long?)await command.ExecuteScalarAsync(cancellationToken);
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
