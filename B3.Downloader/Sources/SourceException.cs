namespace B3.Downloader.Sources;

/// <summary>How a fetch from B3 went wrong; it decides what happens next.</summary>
public enum FailureKind
{
    /// <summary>B3 has no file for the day (HTTP 400, empty token, empty body, HTML page): try the fallback source.</summary>
    NoData,

    /// <summary>The file exists but is not final (<c>Status do Arquivo: Parcial</c>): not stored; try again later.</summary>
    NotFinal,

    /// <summary>The source cannot serve this date at all (the index API has only today's portfolio).</summary>
    Unavailable,

    /// <summary>B3 kept failing (5xx after retries, network error) or the body broke off.</summary>
    Failed,

    /// <summary>The file arrived but is not a valid file of its dataset: never stored.</summary>
    Invalid,
}

/// <summary>A fetch that did not produce a storable file, with the URL and the reason.</summary>
public sealed class SourceException(FailureKind kind, Uri url, string reason, Exception? inner = null)
    : Exception($"{url}: {reason}", inner)
{
    public FailureKind Kind { get; } = kind;

    public Uri Url { get; } = url;

    public string Reason { get; } = reason;

    /// <summary>A body that broke off mid-stream; worth a new attempt from the first request.</summary>
    public bool IsTransient => Kind == FailureKind.Failed && InnerException is IOException or HttpIOException;
}
