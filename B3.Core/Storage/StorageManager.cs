using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Util;
using Amazon.S3;
using Amazon.S3.Model;
using B3.Core.Datasets;
using B3.Core.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace B3.Core.Storage;

/// <summary>
/// The PRD's StorageManager: the bucket over the S3 API with R2's rules (cloudflare-r2-queues.md §7): plain bodies,
/// no checksum trailers, path-style URLs. Every call is retried on transient failures and fails with a
/// <see cref="StorageException"/> that says what, where and how often.
/// </summary>
public sealed partial class StorageManager : IObjectStorage
{
    public static readonly ActivitySource ActivitySource = new("B3.Core.Storage");

    private readonly IAmazonS3 _s3;
    private readonly StorageSettings _settings;
    private readonly ObjectKeys _keys;
    private readonly ILogger<StorageManager> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private bool _bucketReady;

    /// <param name="pipeline">Retries every call: <see cref="OperationPipelines.Storage"/>.</param>
    public StorageManager(IAmazonS3 s3, StorageSettings settings, ObjectKeys keys, ResiliencePipeline pipeline, ILogger<StorageManager> logger)
    {
        _s3 = s3;
        _settings = settings;
        _keys = keys;
        _logger = logger;
        _pipeline = pipeline;
    }

    public string BucketName => _settings.BucketName;

    public async Task<StoredObject> UploadAsync(string key, Stream body, ObjectProvenance provenance, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(cancellationToken);
        using var activity = StartActivity("upload", key);
        var started = Stopwatch.GetTimestamp();

        await using var seekable = await SeekableStream.OpenAsync(body, cancellationToken);
        var content = seekable.Stream;
        var start = content.Position;
        var size = content.Length - start;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        var metadata = new Dictionary<string, string>
        {
            [ObjectMetadata.Sha256] = sha256,
            [ObjectMetadata.Size] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ObjectMetadata.DownloadedAt] = provenance.DownloadedAt.UtcDateTime.ToString("O"),
            [ObjectMetadata.UploadedAt] = DateTime.UtcNow.ToString("O"),
        };
        if (provenance.SourceUrl is not null)
        {
            metadata[ObjectMetadata.SourceUrl] = provenance.SourceUrl.AbsoluteUri;
        }

        if ((provenance.TraceParent ?? Activity.Current?.Id) is { } traceParent)
        {
            metadata[ObjectMetadata.TraceParent] = traceParent;
        }

        var response = await ExecuteAsync("upload", key, async token =>
        {
            content.Position = start;
            var request = new PutObjectRequest
            {
                BucketName = _settings.BucketName,
                Key = key,
                InputStream = content,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                ContentType = ObjectMetadata.ContentTypeOf(key),
                // R2 implements neither streaming SigV4 nor aws-chunked bodies; unsigned payloads are allowed only over https.
                UseChunkEncoding = false,
                DisablePayloadSigning = _settings.IsHttps,
            };
            foreach (var (name, value) in metadata)
            {
                request.Metadata.Add(name, value);
            }

            return await _s3.PutObjectAsync(request, token);
        }, cancellationToken);

        var stored = new StoredObject(key, size, TrimETag(response.ETag), DateTimeOffset.UtcNow, metadata);
        activity?.SetTag("b3.bytes", size);
        LogUploaded(key, size, sha256, ElapsedMs(started));
        return stored;
    }

    public async Task<StoredObjectContent?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity("download", key);
        var response = await ExecuteAsync("download", key, token => NullIfNotFound(_s3.GetObjectAsync(_settings.BucketName, key, token)), cancellationToken);

        if (response is null)
        {
            return null;
        }

        var info = new StoredObject(key, response.ContentLength, TrimETag(response.ETag), ToOffset(response.LastModified), ObjectMetadata.Read(response.Metadata));
        var body = response.ResponseStream is MD5Stream { ExpectedHash: { } expectedHash } sdkCheck
            ? new Md5CheckedStream(sdkCheck.GetNonWrapperBaseStream(), expectedHash, key)
            : response.ResponseStream;
        return new StoredObjectContent(info, body, response);
    }

    public async Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var response = await ExecuteAsync("metadata read", key, token => NullIfNotFound(_s3.GetObjectMetadataAsync(_settings.BucketName, key, token)), cancellationToken);

        return response is null
            ? null
            : new StoredObject(key, response.ContentLength, TrimETag(response.ETag), ToOffset(response.LastModified), ObjectMetadata.Read(response.Metadata));
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetInfoAsync(key, cancellationToken) is not null;

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity("delete", key);
        var started = Stopwatch.GetTimestamp();
        await ExecuteAsync("delete", key, token => _s3.DeleteObjectAsync(_settings.BucketName, key, token), cancellationToken);
        LogDeleted(key, ElapsedMs(started));
    }

    public async IAsyncEnumerable<StoredObjectSummary> ListAsync(
        Dataset dataset,
        DateOnly? from = null,
        DateOnly? to = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = _keys.Prefix(dataset);
        var request = new ListObjectsV2Request
        {
            BucketName = _settings.BucketName,
            Prefix = prefix,
            // Keys sort by date; '~' sorts after ".ext", so listing starts at the first key of `from`.
            StartAfter = from is { } first ? $"{prefix}{first.AddDays(-1):yyyy-MM-dd}~" : null,
        };

        do
        {
            var page = await ExecuteAsync("list", prefix, token => _s3.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                if (_keys.TryParse(item.Key, out var parsed) && parsed.Dataset == dataset && parsed.Overlaps(from, to))
                {
                    yield return new StoredObjectSummary(parsed, item.Size ?? 0, TrimETag(item.ETag), ToOffset(item.LastModified));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public async Task EnsureBucketAsync(CancellationToken cancellationToken = default)
    {
        if (_bucketReady)
        {
            return;
        }

        await _bucketGate.WaitAsync(cancellationToken);
        try
        {
            if (!_bucketReady)
            {
                await ExecuteAsync("bucket check", _settings.BucketName, async token =>
                {
                    if (!await BucketExistsAsync(token))
                    {
                        await CreateBucketAsync(token);
                    }

                    return true;
                }, cancellationToken);
                _bucketReady = true;
            }
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private async Task<bool> BucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = _settings.BucketName }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task CreateBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _settings.BucketName }, cancellationToken);
            LogBucketCreated(_settings.BucketName);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another service created it first.
        }
    }

    private async Task<T> ExecuteAsync<T>(string operation, string target, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await call(token);
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = new StorageException(operation, target, _settings, attempts, e);
            LogFailed(e, operation, target, attempts);
            Activity.Current?.SetStatus(ActivityStatusCode.Error, failure.Message);
            throw failure;
        }
    }

    private static async Task<T?> NullIfNotFound<T>(Task<T> call) where T : class
    {
        try
        {
            return await call;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string TrimETag(string? etag) => etag?.Trim('"') ?? string.Empty;

    private static DateTimeOffset ToOffset(DateTime? value) =>
        value is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private Activity? StartActivity(string operation, string key)
    {
        var activity = ActivitySource.StartActivity($"storage {operation}", ActivityKind.Client);
        activity?.SetTag("b3.key", key);
        activity?.SetTag("b3.bucket", _settings.BucketName);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Key} ({Bytes} bytes, sha256 {Sha256}) in {LatencyMs} ms")]
    private partial void LogUploaded(string key, long bytes, string sha256, long latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Key} in {LatencyMs} ms")]
    private partial void LogDeleted(string key, long latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created bucket {Bucket}")]
    private partial void LogBucketCreated(string bucket);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage {Operation} of {Key} failed after {Attempts} attempt(s)")]
    private partial void LogFailed(Exception exception, string operation, string key, int attempts);
}
