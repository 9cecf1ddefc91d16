using System.Diagnostics;
using System.Security.Cryptography;
using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.Downloader.Sources;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace B3.Downloader.Ingestion;

/// <summary>
/// Fetches one dataset for one day and stores it: the calendar check, the dataset's sources in order (primary, then
/// fallback), the file on disk checked before anything is uploaded, the upload under DESIGN.md §3's key with the
/// provenance metadata, and the local file removed afterwards. Every step is logged with dataset, date, key, bytes and latency.
/// </summary>
public sealed partial class DatasetDownloader(
    IEnumerable<IDatasetSource> sources,
    IObjectStorage storage,
    ObjectKeys keys,
    TradingCalendar calendar,
    DownloaderSettings settings,
    IOptions<RetrySettings> retry,
    ILogger<DatasetDownloader> logger)
{
    private readonly ResiliencePipeline _bodyRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SourceException>(e => e.IsTransient),
            MaxRetryAttempts = Math.Max(0, retry.Value.MaxAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retry.Value.BaseDelay,
            MaxDelay = retry.Value.MaxDelay,
        })
        .Build();

    public string KeyOf(DownloadRequest request) =>
        request.Yearly ? keys.ForYear(request.Dataset, request.Date.Year) : keys.For(request.Dataset, request.Date);

    /// <summary>True when every source of <paramref name="dataset"/> serves only the current day (ibov, corporate-actions): only the newest day of a range can be fetched.</summary>
    public bool ServesOnlyCurrentDay(Dataset dataset) =>
        sources.Any(s => s.Dataset == dataset) && sources.Where(s => s.Dataset == dataset).All(s => s.ServesOnlyCurrentDay);

    public static string NotTradingMessage(DateOnly date, string reason) =>
        $"{date:yyyy-MM-dd} is not a B3 trading day ({reason}); nothing to download (--force downloads anyway)";

    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, DownloadOptions options, CancellationToken cancellationToken)
    {
        var key = KeyOf(request);
        using var activity = DownloaderTelemetry.ActivitySource.StartActivity($"download {request.Dataset.Name}");
        activity?.SetTag("b3.dataset", request.Dataset.Name);
        activity?.SetTag("b3.date", request.Date.ToString("yyyy-MM-dd"));
        activity?.SetTag("b3.key", key);

        var result = await RunAsync(request, key, options, cancellationToken);
        activity?.SetTag("b3.status", result.Status.ToString());
        if (result.Status == DownloadStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Message);
        }

        return result;
    }

    private async Task<DownloadResult> RunAsync(DownloadRequest request, string key, DownloadOptions options, CancellationToken cancellationToken)
    {
        if (!request.Yearly && !options.Force && !calendar.Covers(request.Date))
        {
            return Result(request, DownloadStatus.Failed, null, $"the B3 trading calendar covers {calendar.FirstYear}–{calendar.LastYear}; {request.Date:yyyy-MM-dd} is outside it (--force downloads anyway)");
        }

        if (!request.Yearly && !options.Force && calendar.NonTradingReason(request.Date) is { } reason)
        {
            LogSkipped(request.Dataset.Name, request.Date, reason);
            return Result(request, DownloadStatus.Skipped, null, NotTradingMessage(request.Date, reason));
        }

        StoredObject? stored = null;
        if (options.SkipStored)
        {
            stored = await storage.GetInfoAsync(key, cancellationToken);
            if (stored?.Sha256 is { } existing && !options.Force)
            {
                return Result(request, DownloadStatus.AlreadyStored, key, $"already stored (sha256 {existing})", stored.Size, existing, stored.SourceUrl);
            }
        }

        var path = LocalPath(request);
        try
        {
            var (fetched, failure) = await FetchAsync(request, path, key, cancellationToken);
            if (fetched is null)
            {
                return failure!;
            }

            var sha256 = await Sha256Async(path, cancellationToken);
            if (stored?.Sha256 == sha256)
            {
                return Result(request, DownloadStatus.AlreadyStored, key, $"already stored with the same sha256 {sha256}", fetched.Bytes, sha256, fetched.SourceUrl.AbsoluteUri);
            }

            var result = await UploadAsync(request, key, path, fetched, sha256, cancellationToken);
            return options.KeepLocal && result.Status == DownloadStatus.Stored ? result with { LocalPath = Keep(path) } : result;
        }
        finally
        {
            // --keep-local also keeps a rejected file (still named *.part) for inspection.
            if (!options.KeepLocal)
            {
                DeleteLocal(request, key, path);
            }
        }
    }

    /// <summary>Tries each source of the dataset; the first valid file wins. A partial file stops the search: the day is not final yet.</summary>
    private async Task<(FetchedFile? File, DownloadResult? Failure)> FetchAsync(DownloadRequest request, string path, string key, CancellationToken cancellationToken)
    {
        var fetch = new FetchRequest(request.Date, request.Yearly);
        var candidates = sources.Where(s => s.Dataset == request.Dataset && s.Supports(fetch)).ToList();
        var failures = new List<SourceException>();
        foreach (var source in candidates)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var file = await _bodyRetry.ExecuteAsync(async token => await source.FetchAsync(fetch, path, token), cancellationToken);
                LogDownloaded(request.Dataset.Name, request.Date, key, file.Bytes, ElapsedMs(started), file.SourceUrl);
                return (file, null);
            }
            catch (SourceException e)
            {
                failures.Add(e);
                LogSourceFailed(request.Dataset.Name, request.Date, key, source.Name, e.Kind, e.Message, ElapsedMs(started));
                if (e.Kind is FailureKind.NotFinal or FailureKind.Unavailable)
                {
                    break;
                }
            }
        }

        if (candidates.Count == 0)
        {
            return (null, Result(request, DownloadStatus.Failed, null, $"no source serves {request}"));
        }

        var last = failures[^1];
        var status = last.Kind switch
        {
            FailureKind.NotFinal => DownloadStatus.Pending,
            FailureKind.Unavailable => DownloadStatus.Skipped,
            _ => DownloadStatus.Failed,
        };
        var message = string.Join("; then ", failures.Select(f => f.Message));
        return (null, Result(request, status, null, message, sourceUrl: last.Url.AbsoluteUri));
    }

    private async Task<DownloadResult> UploadAsync(
        DownloadRequest request, string key, string path, FetchedFile fetched, string sha256, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var body = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var provenance = new ObjectProvenance(fetched.SourceUrl, fetched.DownloadedAt, Activity.Current?.Id);
            var stored = await storage.UploadAsync(key, body, provenance, cancellationToken);
            LogUploaded(request.Dataset.Name, request.Date, key, stored.Size, ElapsedMs(started), sha256);
            return Result(request, DownloadStatus.Stored, key, $"stored from {fetched.SourceUrl.AbsoluteUri}", stored.Size, sha256, fetched.SourceUrl.AbsoluteUri);
        }
        catch (StorageException e)
        {
            LogUploadFailed(e, request.Dataset.Name, request.Date, key, ElapsedMs(started));
            return Result(request, DownloadStatus.Failed, key, e.Message, fetched.Bytes, sha256, fetched.SourceUrl.AbsoluteUri);
        }
    }

    private string LocalPath(DownloadRequest request)
    {
        var folder = Path.Combine(settings.WorkFolder, request.Dataset.Name);
        Directory.CreateDirectory(folder);
        var stem = request.Yearly ? request.Date.Year.ToString("D4") : request.Date.ToString("yyyy-MM-dd");
        return Path.Combine(folder, $"{stem}.{Guid.NewGuid():N}.{request.Dataset.Extension}.part");
    }

    /// <summary>Gives a kept file its final name, <c>&lt;work folder&gt;/&lt;dataset&gt;/&lt;date&gt;.&lt;ext&gt;</c>.</summary>
    private static string Keep(string path)
    {
        var name = Path.GetFileName(path).Split('.');
        var kept = Path.Combine(Path.GetDirectoryName(path)!, $"{name[0]}.{name[2]}");
        File.Move(path, kept, overwrite: true);
        return kept;
    }

    private void DeleteLocal(DownloadRequest request, string key, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var bytes = new FileInfo(path).Length;
        File.Delete(path);
        LogLocalDeleted(request.Dataset.Name, request.Date, key, bytes, ElapsedMs(started), path);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static DownloadResult Result(
        DownloadRequest request, DownloadStatus status, string? key, string message,
        long? bytes = null, string? sha256 = null, string? sourceUrl = null, string? localPath = null) =>
        new(request.Dataset, request.Date, status, key, message, bytes, sha256, sourceUrl, localPath);

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Dataset} {Date}: not a trading day ({Reason})")]
    private partial void LogSkipped(string dataset, DateOnly date, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloaded {Dataset} {Date} for {Key}: {Bytes} bytes in {LatencyMs} ms from {SourceUrl}")]
    private partial void LogDownloaded(string dataset, DateOnly date, string key, long bytes, long latencyMs, Uri sourceUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dataset} {Date} for {Key}: {Source} gave no storable file ({Kind}) after {LatencyMs} ms: {Reason}")]
    private partial void LogSourceFailed(string dataset, DateOnly date, string key, string source, FailureKind kind, string reason, long latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded {Dataset} {Date} to {Key}: {Bytes} bytes in {LatencyMs} ms, sha256 {Sha256}")]
    private partial void LogUploaded(string dataset, DateOnly date, string key, long bytes, long latencyMs, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload of {Dataset} {Date} to {Key} failed after {LatencyMs} ms")]
    private partial void LogUploadFailed(Exception exception, string dataset, DateOnly date, string key, long latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the local file of {Dataset} {Date} ({Key}): {Bytes} bytes in {LatencyMs} ms, {Path}")]
    private partial void LogLocalDeleted(string dataset, DateOnly date, string key, long bytes, long latencyMs, string path);
}
