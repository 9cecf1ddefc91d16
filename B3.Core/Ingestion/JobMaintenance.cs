using System.Text.Json;
using B3.Core.Datasets;
using Npgsql;
using NpgsqlTypes;

namespace B3.Core.Ingestion;

/// <summary>Which jobs of <c>b3.ingestion_jobs</c> a command touches; null fields do not filter.</summary>
public sealed record JobFilter(string? Key, IReadOnlyList<Dataset> Datasets, DateOnly? From, DateOnly? To);

/// <summary>A job put back in the queue (or that would be, on a dry run).</summary>
public sealed record QueuedJob(long Id, string Key, string ETag, string PreviousStatus);

/// <summary>
/// The operator's writes to the job table: put dead jobs back in the queue, and queue an object's current version again.
/// Each queued job is announced on the Processor's channel, so it runs at once rather than at the next poll.
/// </summary>
public sealed class JobMaintenance(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Dead jobs (and failed ones with <paramref name="includeFailed"/>) matching <paramref name="filter"/> become
    /// <c>queued</c> with their attempts reset, so they get the full number of attempts again. <c>last_error</c> is kept
    /// until the next outcome replaces it.
    /// </summary>
    public async Task<IReadOnlyList<QueuedJob>> ReplayAsync(JobFilter filter, bool includeFailed, bool dryRun, CancellationToken cancellationToken)
    {
        var sql = dryRun ? JobLifecycle.ReplayPreview : JobLifecycle.Replay;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = JobLifecycle.Replayable(includeFailed) });
        command.Parameters.Add(new() { Value = (object?)filter.Key ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = filter.Datasets.Select(d => d.Name).ToArray() });
        command.Parameters.Add(new() { Value = (object?)filter.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)filter.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });

        var jobs = new List<QueuedJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new QueuedJob(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return jobs;
    }

    /// <summary>
    /// Queues the object's current version (<paramref name="etag"/>) again: a new job, or its existing job reset with
    /// fresh attempts whatever it ended as. Recorded in <c>b3.webhook_events</c> as a <c>manual</c> event. Null when
    /// that job is being processed right now (it is left alone).
    /// </summary>
    public async Task<QueuedJob?> ReprocessAsync(string bucket, ObjectKey key, string etag, long size, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(
            new WebhookPayload("manual_reprocess", bucket, key.Key, size, DateTimeOffset.UtcNow, etag), IngestionJsonContext.Default.WebhookPayload);
        await using var command = dataSource.CreateCommand(JobLifecycle.Reprocess);
        command.Parameters.Add(new() { Value = bucket });
        command.Parameters.Add(new() { Value = key.Key });
        command.Parameters.Add(new() { Value = etag });
        command.Parameters.Add(new() { Value = key.Dataset.Name });
        command.Parameters.Add(new() { Value = key.IsYearly ? DBNull.Value : key.From, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = size });
        command.Parameters.Add(new() { Value = payload, NpgsqlDbType = NpgsqlDbType.Jsonb });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new QueuedJob(reader.GetInt64(0), key.Key, etag, reader.GetString(1)) : null;
    }
}
