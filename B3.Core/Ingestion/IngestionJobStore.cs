using Npgsql;
using NpgsqlTypes;

namespace B3.Core.Ingestion;

/// <summary>
/// The durable inbox (<c>b3.ingestion_jobs</c>). Enqueuing records the event and the job in one transaction and
/// NOTIFYs the Processor on commit; the same webhook id, or the same (bucket, key, ETag), never makes a second job.
/// </summary>
public sealed class IngestionJobStore(NpgsqlDataSource dataSource)
{
    public async Task<EnqueueResult> EnqueueAsync(IngestionRequest request, IngestionEvent source, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(JobLifecycle.Enqueue, connection)
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
