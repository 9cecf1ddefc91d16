namespace B3.Core.Storage;

/// <summary>Where a stored file came from; written into the object's metadata (DESIGN.md §3).</summary>
public sealed record ObjectProvenance(Uri? SourceUrl, DateTimeOffset DownloadedAt, string? TraceParent = null);

/// <summary>An object as the bucket describes it.</summary>
public sealed record StoredObject(
    string Key,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata)
{
    public string? Sha256 => Metadata.GetValueOrDefault(ObjectMetadata.Sha256);

    public string? SourceUrl => Metadata.GetValueOrDefault(ObjectMetadata.SourceUrl);

    public string? TraceParent => Metadata.GetValueOrDefault(ObjectMetadata.TraceParent);
}

/// <summary>An open download: read <see cref="Body"/> as a stream, then dispose.</summary>
public sealed class StoredObjectContent(StoredObject info, Stream body, IDisposable response) : IAsyncDisposable
{
    public StoredObject Info { get; } = info;

    public Stream Body { get; } = body;

    public async ValueTask DisposeAsync()
    {
        await Body.DisposeAsync();
        response.Dispose();
    }
}
