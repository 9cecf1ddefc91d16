using B3.Core.Datasets;

namespace B3.Downloader.Sources;

/// <summary>What to fetch: one trading day, or a whole year (COTAHIST only).</summary>
public readonly record struct FetchRequest(DateOnly Date, bool Yearly = false);

/// <summary>A file saved to disk and checked: its bytes are exactly what B3 sent.</summary>
public sealed record FetchedFile(Uri SourceUrl, long Bytes, DateTimeOffset DownloadedAt);

/// <summary>One B3 source of one dataset. A dataset's sources are tried in registration order: primary, then fallbacks.</summary>
public interface IDatasetSource
{
    Dataset Dataset { get; }

    /// <summary>A short name for messages, e.g. "token API" or "BDI".</summary>
    string Name { get; }

    bool Supports(FetchRequest request);

    /// <summary>
    /// True when B3 serves only the current state (no history): a backfill or catch-up asks such a source for its
    /// newest day only, since every other day would be refused as <see cref="FailureKind.Unavailable"/>.
    /// </summary>
    bool ServesOnlyCurrentDay => false;

    /// <summary>Downloads the file to <paramref name="path"/> and validates it; throws <see cref="SourceException"/> when it cannot.</summary>
    Task<FetchedFile> FetchAsync(FetchRequest request, string path, CancellationToken cancellationToken);
}
