using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.Processor.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace B3.Processor.Reconciliation;

/// <summary>
/// The PRD's fallback polling: on a timer, lists the bucket and enqueues every object whose current ETag has no job,
/// so a lost event delays a file but never loses it; also puts back jobs whose worker vanished.
/// </summary>
public sealed partial class Reconciler(
    IObjectStorage storage,
    NpgsqlDataSource dataSource,
    IngestionJobStore jobs,
    JobQueue queue,
    IOptions<ProcessorOptions> options,
    ILogger<Reconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReconcileInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns how many objects it enqueued.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var released = await queue.ReleaseExpiredLeasesAsync(cancellationToken);
        var known = await KnownVersionsAsync(cancellationToken);
        var enqueued = 0;
        foreach (var dataset in Dataset.All)
        {
            await foreach (var item in storage.ListAsync(dataset, cancellationToken: cancellationToken))
            {
                if (known.Contains((item.Key.Key, item.ETag)))
                {
                    continue;
                }

                var payload = JsonSerializer.Serialize(new { key = item.Key.Key, etag = item.ETag, size = item.Size, last_modified = item.LastModified });
                var result = await jobs.EnqueueAsync(
                    new IngestionRequest(storage.BucketName, item.Key, item.ETag, item.Size),
                    new IngestionEvent(WebhookId: null, Source: "reconciler", payload),
                    cancellationToken);
                if (!result.Duplicate)
                {
                    enqueued++;
                    LogEnqueued(item.Key.Key, item.ETag);
                }
            }
        }

        if (enqueued > 0 || released > 0)
        {
            LogPass(enqueued, released);
        }

        return enqueued;
    }

    private async Task<HashSet<(string Key, string ETag)>> KnownVersionsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT object_key, etag FROM b3.ingestion_jobs WHERE bucket = $1");
        command.Parameters.Add(new() { Value = storage.BucketName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var known = new HashSet<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add((reader.GetString(0), reader.GetString(1)));
        }

        return known;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciler enqueued {Key} ({ETag}): no event had announced it")]
    private partial void LogEnqueued(string key, string etag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciler pass: {Enqueued} object(s) enqueued, {Released} expired lease(s) released")]
    private partial void LogPass(int enqueued, int released);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciler pass failed; trying again at the next interval")]
    private partial void LogFailed(Exception exception);
}
