using B3.Core.Alerts;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using Microsoft.Extensions.Options;
using Npgsql;

namespace B3.Processor.Jobs;

/// <summary>
/// The Processor's side of <c>b3.ingestion_jobs</c>: claim with <c>FOR UPDATE SKIP LOCKED</c> and a lease (an expired
/// lease is taken over), renew, and finish. Every write after the claim is fenced on <c>lease_owner</c>, so a worker
/// that lost its lease changes nothing.
/// </summary>
public sealed class JobQueue(NpgsqlDataSource dataSource, ObjectKeys keys, IOptions<ProcessorOptions> options, AlertNotifier? alerts = null)
{
    private readonly ProcessorOptions _options = options.Value;

    public string WorkerName => _options.WorkerName;

    public async Task<IReadOnlyList<IngestionJob>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JobLifecycle.Claim);
        command.Parameters.Add(new() { Value = _options.WorkerName });
        command.Parameters.Add(new() { Value = _options.LeaseDuration });
        command.Parameters.Add(new() { Value = limit });

        var jobs = new List<IngestionJob>();
        var unreadable = new List<(long Id, string Key, int Attempt, int MaxAttempts)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(2);
                if (!keys.TryParse(key, out var parsed))
                {
                    unreadable.Add((reader.GetInt64(0), key, reader.GetInt32(4), reader.GetInt32(5)));
                    continue;
                }

                jobs.Add(new IngestionJob(
                    reader.GetInt64(0), reader.GetString(1), parsed, reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
            }
        }

        foreach (var (id, key, attempt, maxAttempts) in unreadable)
        {
            var reason = $"'{key}' is not the key of a known dataset.";
            await FinishAsync(id, JobLifecycle.Failed, reason, cancellationToken);
            if (alerts is not null)
            {
                await alerts.NotifyAsync(Alert.JobEnded(JobLifecycle.Failed, key, id, attempt, maxAttempts, reason), cancellationToken);
            }
        }

        return jobs;
    }

    /// <summary>Extends our lease; false when the job is no longer ours.</summary>
    public async Task<bool> RenewLeaseAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JobLifecycle.RenewLease);
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = _options.WorkerName });
        command.Parameters.Add(new() { Value = _options.LeaseDuration });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Marks the job succeeded inside the load's own transaction, so data and outcome commit together.</summary>
    public async Task CompleteAsync(NpgsqlConnection connection, IngestionJob job, JobOutcome outcome, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(JobLifecycle.Succeed, connection);
        command.Parameters.Add(new() { Value = job.Id });
        command.Parameters.Add(new() { Value = _options.WorkerName });
        command.Parameters.Add(new() { Value = outcome.RowsLoaded });
        command.Parameters.Add(new() { Value = outcome.RowsQuarantined });
        command.Parameters.Add(new() { Value = (object?)outcome.Note ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new LeaseLostException(job.Id);
        }
    }

    /// <summary>
    /// Records a failed attempt: a wrong file fails for good; anything else is queued again after a backoff, and
    /// becomes <c>dead</c> once its attempts are used up. Returns the job's new status.
    /// </summary>
    public async Task<string> FailAsync(IngestionJob job, string reason, bool permanent, CancellationToken cancellationToken)
    {
        var status = JobLifecycle.AfterFailure(permanent, job.Attempts, job.MaxAttempts);
        await using var command = dataSource.CreateCommand(JobLifecycle.Fail);
        command.Parameters.Add(new() { Value = job.Id });
        command.Parameters.Add(new() { Value = _options.WorkerName });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = Truncate(reason) });
        command.Parameters.Add(new() { Value = RetryDelay(job.Attempts) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? status : throw new LeaseLostException(job.Id);
    }

    /// <summary>Puts jobs whose worker vanished back in the queue (claiming also takes them over; this makes it visible).</summary>
    public async Task<int> ReleaseExpiredLeasesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JobLifecycle.ReleaseExpiredLeases);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Exponential backoff with jitter: base · 2^(attempt−1) · [0.5, 1), capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task FinishAsync(long id, string status, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JobLifecycle.End);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = reason });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Truncate(string reason) => reason.Length <= 2000 ? reason : reason[..2000] + "…";
}
