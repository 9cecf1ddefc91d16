using Amazon.S3.Model;

namespace B3.Core.Storage;

/// <summary>User-metadata names (sent as <c>x-amz-meta-*</c>; ASCII values only, as R2 requires) and how they are read back.</summary>
public static class ObjectMetadata
{
    public const string SourceUrl = "source-url";
    public const string DownloadedAt = "downloaded-at";
    public const string UploadedAt = "uploaded-at";
    public const string Sha256 = "sha256";
    public const string Size = "size";
    public const string TraceParent = "traceparent";

    private const string AmazonPrefix = "x-amz-meta-";

    /// <summary>The metadata of a response under the names above, whether or not the server kept the header prefix.</summary>
    public static IReadOnlyDictionary<string, string> Read(MetadataCollection metadata) => metadata.Keys.ToDictionary(
        name => name.StartsWith(AmazonPrefix, StringComparison.OrdinalIgnoreCase) ? name[AmazonPrefix.Length..] : name,
        name => metadata[name],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The Content-Type an object is stored with, from its key's extension.</summary>
    public static string ContentTypeOf(string key) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".zip" => "application/zip",
        ".json" => "application/json",
        ".parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    };
}
