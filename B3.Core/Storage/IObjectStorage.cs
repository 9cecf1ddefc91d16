using B3.Core.Datasets;

namespace B3.Core.Storage;

/// <summary>The bucket of raw B3 files, reached only through the S3 API so that R2, MinIO or any S3 server can serve it.</summary>
public interface IObjectStorage
{
    string BucketName { get; }

    /// <summary>Stores <paramref name="body"/> under <paramref name="key"/>, replacing what was there.</summary>
    Task<StoredObject> UploadAsync(string key, Stream body, ObjectProvenance provenance, CancellationToken cancellationToken = default);

    /// <summary>Opens the object for streaming, or returns null when there is no such key.</summary>
    Task<StoredObjectContent?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The object's description and metadata, or null when there is no such key.</summary>
    Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The dataset's objects whose dates fall in [from, to] (either bound open), in key order.</summary>
    IAsyncEnumerable<StoredObjectSummary> ListAsync(Dataset dataset, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default);

    /// <summary>Creates the bucket when it does not exist.</summary>
    Task EnsureBucketAsync(CancellationToken cancellationToken = default);
}

/// <summary>A listed object.</summary>
public sealed record StoredObjectSummary(ObjectKey Key, long Size, string ETag, DateTimeOffset LastModified);
