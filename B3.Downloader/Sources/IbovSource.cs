using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using B3.Core.Datasets;
using B3.Core.Formats;

namespace B3.Downloader.Sources;

/// <summary>
/// The IBOV theoretical portfolio from B3's index API (b3-data-formats.md §11):
/// <c>GET /indexProxy/indexCall/GetPortfolioDay/{base64(JSON)}</c>, page after page, kept in one JSON document
/// <c>{"index":"IBOV","date":"yyyy-MM-dd","pages":[…every page as B3 sent it…]}</c> — the shape the Processor reads.
/// The API has no history: it serves the current portfolio only, so another day is <see cref="FailureKind.Unavailable"/>.
/// </summary>
public sealed class IbovSource(B3Http http, B3Endpoints endpoints) : IDatasetSource
{
    private const int PageSize = 120;
    private const int MaxPages = 50;

    public Dataset Dataset => Dataset.Ibov;

    public string Name => "index API GetPortfolioDay";

    public bool ServesOnlyCurrentDay => true;

    public bool Supports(FetchRequest request) => !request.Yearly;

    /// <summary>The URL of one page: the parameters are a base64 JSON path segment, as B3's own page sends them.</summary>
    public static Uri PageUrl(Uri site, int pageNumber)
    {
        var parameters = $$"""{"language":"pt-br","pageNumber":{{pageNumber}},"pageSize":{{PageSize}},"index":"{{IbovPortfolioFormat.IndexCode}}","segment":"1"}""";
        return B3Endpoints.Combine(site, $"indexProxy/indexCall/GetPortfolioDay/{B3Endpoints.JsonSegment(parameters)}");
    }

    public async Task<FetchedFile> FetchAsync(FetchRequest request, string path, CancellationToken cancellationToken)
    {
        var site = endpoints.Index;
        var firstUrl = PageUrl(site, 1);
        var downloadedAt = DateTimeOffset.UtcNow;
        var pages = new JsonArray();
        var results = new List<JsonNode?>();
        int totalRecords = 0, totalPages = 1;
        for (var pageNumber = 1; pageNumber <= totalPages; pageNumber++)
        {
            var url = PageUrl(site, pageNumber);
            var page = await ReadPageAsync(url, site, cancellationToken);
            if (pageNumber == 1)
            {
                CheckDate(page["header"], firstUrl, request.Date);
                totalRecords = ReadInt(page, IbovPortfolioFormat.TotalRecordsProperty, url);
                totalPages = Math.Clamp(ReadInt(page, IbovPortfolioFormat.TotalPagesProperty, url), 1, MaxPages);
            }

            foreach (var row in page[IbovPortfolioFormat.ResultsProperty] as JsonArray
                ?? throw new SourceException(FailureKind.Invalid, url, $"no '{IbovPortfolioFormat.ResultsProperty}' array"))
            {
                results.Add(row);
            }

            pages.Add(page);
        }

        if (results.Count == 0 || results.Count != totalRecords || results.Any(row => row?[IbovPortfolioFormat.TickerProperty] is null))
        {
            throw new SourceException(
                FailureKind.Invalid, firstUrl, $"{results.Count} portfolio rows (each needs '{IbovPortfolioFormat.TickerProperty}'), B3 announced {totalRecords}");
        }

        var document = new JsonObject
        {
            [IbovPortfolioFormat.IndexProperty] = IbovPortfolioFormat.IndexCode,
            [IbovPortfolioFormat.DateProperty] = request.Date.ToString(IbovPortfolioFormat.DateFormat, CultureInfo.InvariantCulture),
            [IbovPortfolioFormat.PagesProperty] = pages,
        };
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString());
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        return new FetchedFile(firstUrl, bytes.LongLength, downloadedAt);
    }

    private async Task<JsonNode> ReadPageAsync(Uri url, Uri site, CancellationToken cancellationToken)
    {
        using var get = B3Http.Request(HttpMethod.Get, url, site, "application/json, text/plain, */*");
        using var response = await http.SendAsync(get, cancellationToken);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonNode.ParseAsync(body, cancellationToken: cancellationToken)
                ?? throw new SourceException(FailureKind.NoData, url, "empty JSON");
        }
        catch (JsonException e)
        {
            throw new SourceException(FailureKind.NoData, url, $"not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): {e.Message}");
        }
    }

    private static void CheckDate(JsonNode? header, Uri url, DateOnly date)
    {
        var text = header?["date"]?.GetValue<string>();
        if (!DateOnly.TryParseExact(text, "dd/MM/yy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var portfolioDate))
        {
            throw new SourceException(FailureKind.Invalid, url, $"header.date '{text}' is not a dd/MM/yy date");
        }

        if (portfolioDate != date)
        {
            throw new SourceException(FailureKind.Unavailable, url, $"B3's index API serves only the current portfolio, dated {portfolioDate:yyyy-MM-dd}; {date:yyyy-MM-dd} cannot be fetched");
        }
    }

    private static int ReadInt(JsonNode page, string name, Uri url) =>
        page[IbovPortfolioFormat.PageProperty]?[name]?.GetValue<int>() ?? throw new SourceException(FailureKind.Invalid, url, $"no {IbovPortfolioFormat.PageProperty}.{name}");
}
