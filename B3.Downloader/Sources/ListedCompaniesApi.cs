using System.Text.Json;
using System.Text.Json.Nodes;
using B3.Core.Formats;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;

namespace B3.Downloader.Sources;

/// <summary>An issuer as GetInitialCompanies lists it: its catalogue key and its trading name (<c>AMBEV S/A</c>).</summary>
public sealed record ListedIssuer(string IssuingCompany, string TradingName);

/// <summary>One answer of a paged call, as B3 sent it, and its rows.</summary>
public sealed record ListedPage(Uri Url, byte[] Body, IReadOnlyList<JsonElement> Results);

/// <summary>
/// B3's undocumented listed-companies API (b3-corporate-actions.md §1):
/// <c>GET {B3_INDEX_URL}/listedCompaniesProxy/CompanyCall/{Endpoint}/{base64(UTF-8 JSON)}</c>, every call paced by
/// <see cref="CallPacer"/>. Bodies are read here rather than by <see cref="B3Http.SaveAsync"/>: an empty body is an answer
/// ("no supplement for this issuer"), not a missing file. Every failure is a <see cref="SourceException"/> whose reason
/// starts with the endpoint's name.
/// </summary>
public sealed class ListedCompaniesApi(B3Http http, B3Endpoints endpoints, CallPacer pacer, IOptions<RetrySettings> retry)
{
    public const string InitialCompanies = "GetInitialCompanies";
    public const string SupplementCompany = "GetListedSupplementCompany";
    public const string CashDividends = "GetListedCashDividends";

    /// <summary>Rows per page: B3 answered page sizes of 200 and more with <c>totalRecords: null</c> and no rows in 2026 (SILO).</summary>
    public const int PageSize = 120;

    private const string Language = "pt-br";
    private const string Accept = "application/json, text/plain, */*";
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The first page of the issuer list: the snapshot's source URL.</summary>
    public Uri IssuersUrl => Url(InitialCompanies, PageParameters(new JsonObject(), 1));

    /// <summary>The URL of a call: the parameters are a base64 JSON path segment, as B3's own pages send them.</summary>
    public Uri Url(string endpoint, JsonObject parameters) =>
        B3Endpoints.Combine(endpoints.Index, $"listedCompaniesProxy/CompanyCall/{endpoint}/{B3Endpoints.JsonSegment(parameters.ToJsonString())}");

    /// <summary>Every issuer, listed and delisted, from all pages of GetInitialCompanies; an issuer listed twice is kept once.</summary>
    public async Task<IReadOnlyList<ListedIssuer>> GetIssuersAsync(CancellationToken cancellationToken)
    {
        var pages = await GetPagesAsync(InitialCompanies, new JsonObject(), cancellationToken);
        var issuers = new List<ListedIssuer>();
        foreach (var page in pages)
        {
            foreach (var row in page.Results)
            {
                var code = Text(row, CorporateActionsFormat.IssuingCompanyProperty)
                    ?? throw new SourceException(FailureKind.Invalid, page.Url, $"{InitialCompanies}: a row without '{CorporateActionsFormat.IssuingCompanyProperty}'");
                issuers.Add(new ListedIssuer(code.Trim(), Text(row, CorporateActionsFormat.TradingNameProperty) ?? string.Empty));
            }
        }

        return [.. issuers.DistinctBy(issuer => issuer.IssuingCompany, StringComparer.Ordinal)];
    }

    /// <summary>
    /// GetListedSupplementCompany's answer as B3 sent it (an array, or a JSON string wrapping it), or null for the empty
    /// body B3 answers for an issuer it has no supplement for.
    /// </summary>
    public async Task<byte[]?> GetSupplementAsync(string issuingCompany, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject { [CorporateActionsFormat.IssuingCompanyProperty] = issuingCompany, ["language"] = Language };
        var url = Url(SupplementCompany, parameters);
        var body = await GetAsync(SupplementCompany, url, cancellationToken);
        if (body.Length == 0)
        {
            return null;
        }

        using var document = Parse(SupplementCompany, url, body);
        JsonValueKind kind;
        try
        {
            kind = CorporateActionsFormat.Unwrap(document.RootElement).ValueKind;
        }
        catch (JsonException e)
        {
            throw new SourceException(FailureKind.Invalid, url, $"{SupplementCompany}: a string that does not hold JSON: {e.Message}");
        }

        return kind == JsonValueKind.Array
            ? body
            : throw new SourceException(FailureKind.Invalid, url, $"{SupplementCompany}: {kind} instead of an array (unwrapped)");
    }

    /// <summary>Every page of GetListedCashDividends for a trading name (compacted here), as B3 sent them: the full cash history.</summary>
    public async Task<IReadOnlyList<byte[]>> GetCashDividendsAsync(string tradingName, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject { [CorporateActionsFormat.TradingNameProperty] = CorporateActionsFormat.CompactTradingName(tradingName), ["language"] = Language };
        var pages = await GetPagesAsync(CashDividends, parameters, cancellationToken);
        return [.. pages.Select(page => page.Body)];
    }

    /// <summary>
    /// Page after page until the rows read reach <c>page.totalRecords</c>; a null or missing total, a page without rows
    /// before that, or more rows than announced make the answer unusable.
    /// </summary>
    private async Task<IReadOnlyList<ListedPage>> GetPagesAsync(string endpoint, JsonObject parameters, CancellationToken cancellationToken)
    {
        var pages = new List<ListedPage>();
        int rows = 0, total = 0;
        for (var pageNumber = 1; pageNumber == 1 || rows < total; pageNumber++)
        {
            var url = Url(endpoint, PageParameters((JsonObject)parameters.DeepClone(), pageNumber));
            var body = await GetAsync(endpoint, url, cancellationToken);
            using var document = Parse(endpoint, url, body);
            var root = document.RootElement;
            if (pageNumber == 1)
            {
                total = TotalRecords(endpoint, url, root);
            }

            var results = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(CorporateActionsFormat.ResultsProperty, out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(row => row.Clone()).ToList()
                : throw new SourceException(FailureKind.Invalid, url, $"{endpoint}: page {pageNumber} has no '{CorporateActionsFormat.ResultsProperty}' array");
            if (results.Count == 0 && rows < total)
            {
                break;
            }

            rows += results.Count;
            pages.Add(new ListedPage(url, body, results));
        }

        return rows == total
            ? pages
            : throw new SourceException(FailureKind.Invalid, pages[0].Url, $"{endpoint}: {rows} rows read, {CorporateActionsFormat.PageProperty}.{CorporateActionsFormat.TotalRecordsProperty} announced {total}");
    }

    /// <summary>Waits its turn, sends, and reads the whole 2xx body (without a UTF-8 byte-order mark); a stalled or broken body is transient.</summary>
    private async Task<byte[]> GetAsync(string endpoint, Uri url, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken);
        using var request = B3Http.Request(HttpMethod.Get, url, endpoints.Index, Accept);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (SourceException e)
        {
            throw new SourceException(e.Kind, e.Url, $"{endpoint}: {e.Reason}", e.InnerException);
        }

        using (response)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(retry.Value.AttemptTimeout);
            try
            {
                var body = await response.Content.ReadAsByteArrayAsync(idle.Token);
                return body.AsSpan().StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body;
            }
            catch (Exception e) when (e is IOException or HttpIOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new SourceException(FailureKind.Failed, url, $"{endpoint}: the body broke off: {e.Message}", e as IOException ?? new IOException(e.Message, e));
            }
        }
    }

    private static JsonDocument Parse(string endpoint, Uri url, byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            var what = body.Length == 0 ? "an empty body" : "not JSON";
            throw new SourceException(FailureKind.Invalid, url, $"{endpoint}: {what}: {e.Message}");
        }
    }

    private static int TotalRecords(string endpoint, Uri url, JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty(CorporateActionsFormat.PageProperty, out var page) && page.ValueKind == JsonValueKind.Object
        && page.TryGetProperty(CorporateActionsFormat.TotalRecordsProperty, out var total) && total.ValueKind == JsonValueKind.Number
        && total.TryGetInt32(out var count) && count >= 0
            ? count
            : throw new SourceException(FailureKind.Invalid, url,
                $"{endpoint}: {CorporateActionsFormat.PageProperty}.{CorporateActionsFormat.TotalRecordsProperty} is null or missing (B3's answer to a page size it refuses)");

    private static JsonObject PageParameters(JsonObject parameters, int pageNumber)
    {
        parameters["language"] = Language;
        parameters["pageNumber"] = pageNumber;
        parameters["pageSize"] = PageSize;
        return parameters;
    }

    private static string? Text(JsonElement row, string property) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
