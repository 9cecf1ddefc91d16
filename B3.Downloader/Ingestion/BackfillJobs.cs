using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using B3.Core.Datasets;

namespace B3.Downloader.Ingestion;

/// <summary>The progress of a backfill started over HTTP, as <c>GET /ingestion/backfill/{id}</c> reports it.</summary>
public sealed class BackfillProgress(string id, BackfillPlan plan)
{
    private readonly ConcurrentQueue<DownloadResult> _results = new();
    private volatile string _state = "running";

    public string Id { get; } = id;

    public DateOnly Start => plan.From;

    public DateOnly End => plan.To;

    public IReadOnlyList<string> Datasets { get; } = [.. plan.Datasets.Select(d => d.Name)];

    /// <summary><c>running</c>, <c>succeeded</c> (nothing failed) or <c>failed</c>.</summary>
    public string State => _state;

    public int Total => plan.Requests.Count;

    public int Done => _results.Count;

    public int Stored => Count(DownloadStatus.Stored);

    public int Skipped => Count(DownloadStatus.AlreadyStored) + Count(DownloadStatus.Skipped);

    public int Failed => Count(DownloadStatus.Failed) + Count(DownloadStatus.Pending);

    public IReadOnlyList<string> Keys => [.. _results.Where(r => r.Status == DownloadStatus.Stored).Select(r => r.Key!).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Errors => [.. _results.Where(r => r.IsMissing).Select(r => r.ToString())];

    [JsonIgnore]
    public BackfillPlan Plan => plan;

    public void Add(DownloadResult result) => _results.Enqueue(result);

    public void Finish(string? error = null)
    {
        if (error is not null)
        {
            _results.Enqueue(new DownloadResult(Dataset.Instruments, Start, DownloadStatus.Failed, null, error));
        }

        _state = _results.Any(r => r.IsMissing) ? "failed" : "succeeded";
    }

    private int Count(DownloadStatus status) => _results.Count(r => r.Status == status);
}

/// <summary>Backfills started over HTTP, kept in memory for the life of the process.</summary>
public sealed partial class BackfillJobs(BackfillRunner runner, IHostApplicationLifetime lifetime, ILogger<BackfillJobs> logger)
{
    private readonly ConcurrentDictionary<string, BackfillProgress> _jobs = new();

    public BackfillProgress Start(BackfillPlan plan, DownloadOptions options, int parallelism)
    {
        var progress = new BackfillProgress(Guid.NewGuid().ToString("N"), plan);
        _jobs[progress.Id] = progress;
        LogStarted(progress.Id, plan.From, plan.To, progress.Total);
        _ = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(plan, options, parallelism, progress.Add, lifetime.ApplicationStopping);
                progress.Finish();
            }
            catch (Exception e)
            {
                progress.Finish($"the backfill stopped: {e.Message}");
            }

            LogFinished(progress.Id, progress.State, progress.Stored, progress.Skipped, progress.Failed);
        });
        return progress;
    }

    public BackfillProgress? Find(string id) => _jobs.GetValueOrDefault(id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {BackfillId} started: {From} to {To}, {Total} files")]
    private partial void LogStarted(string backfillId, DateOnly from, DateOnly to, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {BackfillId} {State}: {Stored} stored, {Skipped} skipped, {Failed} failed")]
    private partial void LogFinished(string backfillId, string state, int stored, int skipped, int failed);
}
