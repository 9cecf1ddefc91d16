using System.Globalization;
using System.Net;
using B3.Core.Datasets;
using B3.Downloader.Validation;

namespace B3.Downloader.Sources;

/// <summary>
/// The fallback of instruments and trades: the BDI table's CSV export (b3-data-formats.md §5.2),
/// <c>POST /bdi/table/export/csv?lang=pt-BR</c> with the report name and the day. It keeps ~21 trading days.
/// </summary>
public sealed class BdiExportSource(Dataset dataset, string report, int minColumns, B3Http http, B3Endpoints endpoints) : IDatasetSource
{
    public const string InstrumentsReport = "InstrumentsEquities";
    public const string TradesReport = "ConsolidatedTradesEquities";

    public Dataset Dataset => dataset;

    public string Name => $"BDI {report} export";

    public bool Supports(FetchRequest request) => !request.Yearly;

    public async Task<FetchedFile> FetchAsync(FetchRequest request, string path, CancellationToken cancellationToken)
    {
        var site = endpoints.Bdi;
        var url = B3Endpoints.Combine(site, "bdi/table/export/csv?lang=pt-BR");
        var date = request.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var export = B3Http.Request(HttpMethod.Post, url, site, "text/csv, application/json, */*");
        export.Content = JsonContent.Create(new ExportRequest(report, date, date, string.Empty, new Dictionary<string, string>()));

        var (bytes, downloadedAt) = await http.DownloadAsync(
            export, path, () => BdiExportValidator.ValidateAsync(path, report, minColumns, cancellationToken), cancellationToken, HttpStatusCode.NotFound);

        // A POST's URL does not say what was asked for; the fragment (never sent) records it in the object's metadata.
        return new FetchedFile(new Uri($"{url.AbsoluteUri}#{report}:{date}"), bytes, downloadedAt);
    }

    private sealed record ExportRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("Name")] string Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("Date")] string Date,
        [property: System.Text.Json.Serialization.JsonPropertyName("FinalDate")] string FinalDate,
        [property: System.Text.Json.Serialization.JsonPropertyName("ClientId")] string ClientId,
        [property: System.Text.Json.Serialization.JsonPropertyName("Filters")] Dictionary<string, string> Filters);
}
