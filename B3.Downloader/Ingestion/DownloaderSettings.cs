namespace B3.Downloader.Ingestion;

/// <summary>Where downloads wait on disk between download and upload (<c>DOWNLOADER_WORK_DIR</c>).</summary>
public sealed class DownloaderSettings
{
    public const string WorkFolderVariable = "DOWNLOADER_WORK_DIR";

    public string WorkFolder { get; init; } = Path.Combine(Path.GetTempPath(), "b3-downloader");

    public static DownloaderSettings FromConfiguration(IConfiguration configuration) =>
        configuration[WorkFolderVariable] is { Length: > 0 } folder ? new() { WorkFolder = folder } : new();
}
