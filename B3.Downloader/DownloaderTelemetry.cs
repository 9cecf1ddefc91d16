using System.Diagnostics;

namespace B3.Downloader;

/// <summary>The service's own spans; ServiceDefaults exports every <c>B3.*</c> source.</summary>
public static class DownloaderTelemetry
{
    public const string SourceName = "B3.Downloader";

    public static readonly ActivitySource ActivitySource = new(SourceName);
}
