using System.Text.Json.Serialization;
using B3.Core.Datasets;

namespace B3.Downloader.Ingestion;

[JsonConverter(typeof(JsonStringEnumConverter<DownloadStatus>))]
public enum DownloadStatus
{
    /// <summary>Downloaded, checked and uploaded.</summary>
    [JsonStringEnumMemberName("stored")]
    Stored,

    /// <summary>The object was already in the bucket with the same SHA-256; nothing uploaded.</summary>
    [JsonStringEnumMemberName("already-stored")]
    AlreadyStored,

    /// <summary>Nothing to do: not a trading day, or the source has no file for such a day.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>B3 has only a partial (intraday) file so far: nothing stored; try again later.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The download, its checks or the upload failed: nothing stored.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What became of one dataset on one day (or one yearly file).</summary>
public sealed record DownloadResult(
    [property: JsonIgnore] Dataset Dataset,
    DateOnly Date,
    DownloadStatus Status,
    string? Key,
    string Message,
    long? Bytes = null,
    string? Sha256 = null,
    string? SourceUrl = null,
    string? LocalPath = null)
{
    [JsonPropertyName("dataset")]
    public string DatasetName => Dataset.Name;

    /// <summary>True when the day's object is not in the bucket because something went wrong (worth a retry).</summary>
    [JsonIgnore]
    public bool IsMissing => Status is DownloadStatus.Pending or DownloadStatus.Failed;

    public override string ToString() => $"{Dataset.Name} {Date:yyyy-MM-dd}: {Status.ToString().ToLowerInvariant()} {Key} {Message}".Trim();
}

/// <summary>One unit of work: a dataset on a day, or a COTAHIST year.</summary>
public sealed record DownloadRequest(Dataset Dataset, DateOnly Date, bool Yearly = false)
{
    public static DownloadRequest ForYear(int year) => new(Dataset.Cotahist, new DateOnly(year, 12, 31), Yearly: true);

    public override string ToString() => Yearly ? $"{Dataset.Name} {Date.Year}" : $"{Dataset.Name} {Date:yyyy-MM-dd}";
}

/// <summary>How a run treats what is already stored and what it downloads.</summary>
public sealed record DownloadOptions
{
    /// <summary>Download even on a non-trading day (download); re-download stored keys (backfill).</summary>
    public bool Force { get; init; }

    /// <summary>Keep the downloaded file in the work folder instead of deleting it after the upload.</summary>
    public bool KeepLocal { get; init; }

    /// <summary>
    /// Backfill's resume rule: a key whose object already carries a SHA-256 is skipped without downloading; with
    /// <see cref="Force"/> the file is downloaded again and uploaded only when its SHA-256 differs.
    /// </summary>
    public bool SkipStored { get; init; }
}
