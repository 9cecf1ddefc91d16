using System.Globalization;
using System.Net;
using B3.Core.Datasets;
using B3.Downloader.Validation;

namespace B3.Downloader.Sources;

/// <summary>COTAHIST ZIPs (b3-data-formats.md §7.1): <c>COTAHIST_DddMMyyyy.ZIP</c> per day, <c>COTAHIST_Ayyyy.ZIP</c> per year.</summary>
public sealed class CotahistSource(B3Http http, B3Endpoints endpoints) : IDatasetSource
{
    public Dataset Dataset => Dataset.Cotahist;

    public string Name => "COTAHIST";

    public bool Supports(FetchRequest request) => true;

    public static string FileName(FetchRequest request) => request.Yearly
        ? $"COTAHIST_A{request.Date.Year.ToString("D4", CultureInfo.InvariantCulture)}.ZIP"
        : $"COTAHIST_D{request.Date.ToString("ddMMyyyy", CultureInfo.InvariantCulture)}.ZIP";

    public async Task<FetchedFile> FetchAsync(FetchRequest request, string path, CancellationToken cancellationToken)
    {
        var site = endpoints.Cotahist;
        var url = B3Endpoints.Combine(site, FileName(request));
        using var get = B3Http.Request(HttpMethod.Get, url, site, "application/zip, application/octet-stream, */*");
        var (bytes, downloadedAt) = await http.DownloadAsync(
            get, path, () => CotahistValidator.ValidateAsync(path, request, cancellationToken), cancellationToken, HttpStatusCode.NotFound);
        return new FetchedFile(url, bytes, downloadedAt);
    }
}
