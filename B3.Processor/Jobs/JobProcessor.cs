using System.Diagnostics;
using B3.Core.Alerts;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.Processor.Loading;
using B3.Processor.Parsing;
using B3.Processor.Refining;
using B3.Processor.Telemetry;
using Microsoft.Extensions.Options;

namespace B3.Processor.Jobs;

/// <summary>
/// Runs one claimed job: keeps its lease alive while the file loads, and records the outcome — succeeded, failed for
/// good (a wrong file), or queued again after a backoff (anything transient) until its attempts run out. A job that
/// ends failed or dead raises an alert (<see cref="AlertNotifier"/>, when registered).
/// </summary>
public sealed partial class JobProcessor(
    FileLoader loader,
    LakeExporter lake,
    IObjectStorage storage,
    JobQueue queue,
    ProcessorTelemetry telemetry,
    IOptions<ProcessorOptions> options,
    TimeProvider time,
    ILogger<JobProcessor> logger,
    AlertNotifier? alerts = null)
{
    public async Task ProcessAsync(IngestionJob job, CancellationToken stoppingToken)
    {
        using var activity = StartActivity(job, await TraceParentAsync(job, stoppingToken));
        var started = Stopwatch.GetTimestamp();
        var dataset = job.Key.Dataset.Name;
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = KeepLeaseAsync(job, work);
        try
        {
            var outcome = await loader.LoadAsync(job, work.Token);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var endToEnd = outcome.LastModified is { } stored ? time.GetUtcNow() - stored : (TimeSpan?)null;
            telemetry.Processed(dataset, JobLifecycle.Succeeded, elapsed, outcome.RowsLoaded, outcome.RowsQuarantined, endToEnd);
            activity?.SetTag("b3.rows", outcome.RowsLoaded);
            LogSucceeded(dataset, job.Key.From, job.Key.Key, outcome.RowsLoaded, outcome.RowsQuarantined, (long)elapsed.TotalMilliseconds, outcome.Note);
            await ExportAsync(job, work.Token);
        }
        catch (LeaseLostException e)
        {
            LogLeaseLost(job.Key.Key, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lease runs out and another worker (or this one, restarted) takes the job over.
        }
        catch (Exception e)
        {
            var permanent = e is InvalidFileException;
            var reason = permanent ? e.Message : $"{e.GetType().Name}: {e.Message}";
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            var status = await RecordFailureAsync(job, reason, permanent);
            var elapsed = Stopwatch.GetElapsedTime(started);
            telemetry.Processed(dataset, status, elapsed);
            LogFailed(permanent ? null : e, dataset, job.Key.From, job.Key.Key, status, job.Attempts, job.MaxAttempts, (long)elapsed.TotalMilliseconds, reason);
            if (JobLifecycle.EndedBadly(status) && alerts is not null)
            {
                await alerts.NotifyAsync(Alert.JobEnded(status, job.Key.Key, job.Id, job.Attempts, job.MaxAttempts, reason), stoppingToken);
            }
        }
        finally
        {
            await work.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>The lake is derived data: a failed export is logged and the next load of those dates writes it again.</summary>
    private async Task ExportAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        try
        {
            await lake.ExportAsync(job.Key.Dataset, job.Key.From, job.Key.To, cancellationToken);
        }
        catch (Exception e) when (e is StorageException or Npgsql.NpgsqlException or IOException or ArgumentException)
        {
            LogExportFailed(e, job.Key.Key);
        }
    }

    /// <summary>The job's new status; when even that cannot be written, the lease decides who retries.</summary>
    private async Task<string> RecordFailureAsync(IngestionJob job, string reason, bool permanent)
    {
        try
        {
            return await queue.FailAsync(job, reason, permanent, CancellationToken.None);
        }
        catch (Exception e) when (e is LeaseLostException or Npgsql.NpgsqlException or TimeoutException)
        {
            LogLeaseLost(job.Key.Key, $"the failure could not be recorded ({e.Message})");
            return "unrecorded";
        }
    }

    /// <summary>Renews the lease every third of its length; when it cannot, cancels the work so nothing commits.</summary>
    private async Task KeepLeaseAsync(IngestionJob job, CancellationTokenSource work)
    {
        var interval = options.Value.LeaseDuration / 3;
        try
        {
            while (!work.IsCancellationRequested)
            {
                await Task.Delay(interval, time, work.Token);
                if (!await queue.RenewLeaseAsync(job.Id, work.Token))
                {
                    LogLeaseLost(job.Key.Key, "the lease could not be renewed");
                    await work.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The work finished or was cancelled.
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The database is unreachable: the load cannot commit either, and the lease decides who retries.
            LogHeartbeatFailed(e, job.Key.Key);
        }
    }

    /// <summary>
    /// The trace the file belongs to: the one its event carried, else the one the Downloader wrote into the object's
    /// metadata (R2's event messages carry no metadata), so the file's journey stays one trace either way.
    /// </summary>
    private async Task<string?> TraceParentAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        if (job.TraceParent is not null)
        {
            return job.TraceParent;
        }

        try
        {
            return (await storage.GetInfoAsync(job.Key.Key, cancellationToken))?.TraceParent;
        }
        catch (StorageException)
        {
            return null;
        }
    }

    private static Activity? StartActivity(IngestionJob job, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = ProcessorTelemetry.ActivitySource.StartActivity($"process {job.Key.Dataset.Name}", ActivityKind.Consumer, parent);
        activity?.SetTag("b3.key", job.Key.Key);
        activity?.SetTag("b3.etag", job.ETag);
        activity?.SetTag("b3.job_id", job.Id);
        activity?.SetTag("b3.attempt", job.Attempts);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Loaded {Key} ({Dataset} {Date}): {Rows} rows, {Quarantined} quarantined in {LatencyMs} ms {Note}")]
    private partial void LogSucceeded(string dataset, DateOnly date, string key, long rows, long quarantined, long latencyMs, string? note);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Job for {Key} ({Dataset} {Date}) is now {Status} after attempt {Attempt} of {MaxAttempts} in {LatencyMs} ms: {Reason}")]
    private partial void LogFailed(Exception? exception, string dataset, DateOnly date, string key, string status, int attempt, int maxAttempts, long latencyMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up {Key}: {Reason}")]
    private partial void LogLeaseLost(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not export the refined rows of {Key} to the lake")]
    private partial void LogExportFailed(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of {Key}")]
    private partial void LogHeartbeatFailed(Exception exception, string key);
}
