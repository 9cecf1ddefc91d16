using System.Globalization;
using System.Net;
using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Downloader.Validation;

namespace B3.Downloader.Sources;

/// <summary>
/// B3's file download API (b3-data-formats.md §2): <c>GET /api/download/requestname?fileName=…&amp;date=…</c> answers
/// with a short-lived token, used at once in <c>GET /api/download/?token=…</c> (trailing slash kept: without it B3 may
/// answer with an HTML consent page).
/// </summary>
public sealed class TokenFlowSource(Dataset dataset, string fileName, B3CsvFile file, B3Http http, B3Endpoints endpoints) : IDatasetSource
{
    public const string InstrumentsFileName = "InstrumentsConsolidated";
    public const string TradesFileName = "TradeInformationConsolidated";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Dataset Dataset => dataset;

    public string Name => $"{fileName} file API";

    public bool Supports(FetchRequest request) => !request.Yearly;

    public async Task<FetchedFile> FetchAsync(FetchRequest request, string path, CancellationToken cancellationToken)
    {
        var site = endpoints.Files;
        var date = request.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var requestUrl = B3Endpoints.Combine(site, $"api/download/requestname?fileName={fileName}&date={date}&recaptchaToken=");

        var token = await RequestTokenAsync(requestUrl, site, cancellationToken);

        var downloadUrl = B3Endpoints.Combine(site, $"api/download/?token={Uri.EscapeDataString(token)}");
        using var download = B3Http.Request(HttpMethod.Get, downloadUrl, site, "text/csv, application/octet-stream, */*");
        var (bytes, downloadedAt) = await http.DownloadAsync(
            download, path, () => CsvFileValidator.ValidateAsync(path, file, request.Date, cancellationToken), cancellationToken);
        return new FetchedFile(requestUrl, bytes, downloadedAt);
    }

    private async Task<string> RequestTokenAsync(Uri requestUrl, Uri site, CancellationToken cancellationToken)
    {
        using var tokenRequest = B3Http.Request(HttpMethod.Get, requestUrl, site);
        using var response = await http.SendAsync(tokenRequest, cancellationToken, HttpStatusCode.BadRequest);
        TokenReply? reply;
        try
        {
            reply = await response.Content.ReadFromJsonAsync<TokenReply>(Json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new SourceException(FailureKind.NoData, requestUrl, $"not a token reply ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): {e.Message}");
        }

        return reply?.Token is { Length: > 0 } token
            ? token
            : throw new SourceException(FailureKind.NoData, requestUrl, "empty token: B3 has not published the file yet");
    }

    private sealed record TokenReply(string? Token, string? RedirectUrl, TokenFile? File);

    private sealed record TokenFile(string? Name, string? Extension);
}
