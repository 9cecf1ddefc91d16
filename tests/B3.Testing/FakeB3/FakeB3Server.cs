using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace B3.Testing.FakeB3;

/// <summary>
/// B3 on one loopback origin, with B3's real paths (b3-data-formats.md §2, §5, §7, §11): the requestname → token →
/// download flow (a token serves one file; a bare bot User-Agent gets HTTP 400, as from B3's WAF; the slash-less
/// download path gets the HTML consent page), the BDI CSV export, the COTAHIST folder, the index API and the
/// listed-companies API (a malformed base64 token answers 200 with an empty body, as B3 does).
/// Faults are programmed per route: a queue of one-shot answers (<see cref="Enqueue"/>) or a standing one (<see cref="Always"/>),
/// the latter optionally for one subject only (a listed-companies call's issuer or trading name).
/// </summary>
public sealed class FakeB3Server : IAsyncDisposable
{
    public const string CotahistPath = "/InstDados/SerHist";
    public const string ListedCompaniesPath = "/listedCompaniesProxy/CompanyCall/";

    private static readonly string[] InstrumentsNames = ["InstrumentsConsolidated", "InstrumentsConsolidatedFile"];
    private static readonly string[] TradesNames = ["TradeInformationConsolidated", "TradeInformationConsolidatedFile"];

    private readonly ConcurrentDictionary<FakeB3Route, ConcurrentQueue<FakeResponse>> _queued = new();
    private readonly ConcurrentDictionary<(FakeB3Route Route, string? Subject), FakeResponse> _always = new();
    private readonly ConcurrentDictionary<string, (string FileName, DateOnly Date)> _tokens = new();
    private readonly ConcurrentQueue<FakeB3Request> _requests = new();
    private readonly ConcurrentQueue<FakeServedFile> _served = new();
    private LoopbackHttpServer _http = null!;

    private FakeB3Server(FakeB3Files files) => Files = files;

    public FakeB3Files Files { get; }

    public Uri Url => _http.Url;

    /// <summary>Every B3 base URL of the downloader pointed at this server (the variables of DESIGN.md §4 and the downloader's own).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables => new Dictionary<string, string?>
    {
        ["B3_INSTRUMENTS_URL"] = Url.AbsoluteUri,
        ["B3_BDI_URL"] = Url.AbsoluteUri,
        ["B3_INDEX_URL"] = Url.AbsoluteUri,
        ["B3_COTAHIST_URL"] = Url.AbsoluteUri.TrimEnd('/') + CotahistPath,
        // No politeness pause between listed-companies calls: the fake answers at once and tests run on real time.
        ["B3_LISTED_CALL_INTERVAL"] = "0",
    };

    public IReadOnlyList<FakeB3Request> Requests => [.. _requests];

    public IReadOnlyList<FakeServedFile> Served => [.. _served];

    public static async Task<FakeB3Server> StartAsync(FakeB3Files files)
    {
        var server = new FakeB3Server(files);
        server._http = await LoopbackHttpServer.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>The next requests of <paramref name="route"/> get these answers, in order; then the normal ones again.</summary>
    public void Enqueue(FakeB3Route route, params FakeResponse[] responses)
    {
        var queue = _queued.GetOrAdd(route, _ => new ConcurrentQueue<FakeResponse>());
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }
    }

    /// <summary>
    /// Every request of <paramref name="route"/> gets <paramref name="response"/> until <see cref="Reset"/>; with a
    /// <paramref name="subject"/>, only the listed-companies calls for that issuer or (compacted) trading name.
    /// </summary>
    public void Always(FakeB3Route route, FakeResponse response, string? subject = null) => _always[(route, subject)] = response;

    /// <summary>Forgets the programmed faults and the requests and files seen so far.</summary>
    public void Reset()
    {
        _queued.Clear();
        _always.Clear();
        Files.ListedCompanies.NullTotalTradingNames.Clear();
        Files.ListedCompanies.GeneratedIssuers = 0;
        _requests.Clear();
        _served.Clear();
    }

    public int Count(FakeB3Route route) => _requests.Count(r => r.Route == route);

    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        FakeB3Route? route = path switch
        {
            "/api/download/requestname" => FakeB3Route.RequestName,
            "/api/download/" => FakeB3Route.Download,
            "/bdi/table/export/csv" => FakeB3Route.BdiExport,
            _ when path.StartsWith(CotahistPath + "/COTAHIST_", StringComparison.OrdinalIgnoreCase) => FakeB3Route.Cotahist,
            _ when path.StartsWith("/indexProxy/indexCall/GetPortfolioDay/", StringComparison.Ordinal) => FakeB3Route.IndexPortfolio,
            _ when path.StartsWith(ListedCompaniesPath + "GetInitialCompanies/", StringComparison.Ordinal) => FakeB3Route.InitialCompanies,
            _ when path.StartsWith(ListedCompaniesPath + "GetListedSupplementCompany/", StringComparison.Ordinal) => FakeB3Route.SupplementCompany,
            _ when path.StartsWith(ListedCompaniesPath + "GetListedCashDividends/", StringComparison.Ordinal) => FakeB3Route.CashDividends,
            _ => null,
        };

        var userAgent = request.Headers.UserAgent.ToString();
        var parameters = route is FakeB3Route.InitialCompanies or FakeB3Route.SupplementCompany or FakeB3Route.CashDividends ? DecodeToken(path) : null;
        await RespondAsync(context, route, path, userAgent, parameters);
        _requests.Enqueue(new FakeB3Request(route, request.Method, request.Path + request.QueryString, context.Response.StatusCode, userAgent, parameters?.ToJsonString()));
    }

    /// <summary>The JSON object in the last path segment (base64 of UTF-8 JSON), or null when it is not one.</summary>
    private static JsonObject? DecodeToken(string path)
    {
        try
        {
            var token = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token))) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private async Task RespondAsync(HttpContext context, FakeB3Route? route, string path, string userAgent, JsonObject? parameters)
    {
        if (route is null)
        {
            // The slash-less download path answers with the consent page (b3-data-formats.md §2.1).
            await WriteAsync(context, path == "/api/download" ? FakeResponse.Html() : FakeResponse.Status(404));
            return;
        }

        if (route is FakeB3Route.RequestName or FakeB3Route.Download or FakeB3Route.BdiExport && !userAgent.Contains("Mozilla/", StringComparison.Ordinal))
        {
            await WriteAsync(context, FakeResponse.Status(400));
            return;
        }

        var subject = parameters?["issuingCompany"]?.GetValue<string>() ?? parameters?["tradingName"]?.GetValue<string>();
        var fault = _queued.TryGetValue(route.Value, out var queue) && queue.TryDequeue(out var next)
            ? next
            : (subject is null ? null : _always.GetValueOrDefault((route.Value, subject))) ?? _always.GetValueOrDefault((route.Value, null));
        if (fault is { Kind: not FakeResponseKind.Partial })
        {
            await WriteFaultAsync(context, fault);
            return;
        }

        if (route is FakeB3Route.InitialCompanies or FakeB3Route.SupplementCompany or FakeB3Route.CashDividends)
        {
            await ListedCompaniesAsync(context, route.Value, parameters);
            return;
        }

        await ServeAsync(context, route.Value, partial: fault is not null);
    }

    /// <summary>
    /// The listed-companies API: a token that is not base64 JSON gets B3's empty body; a supplement is
    /// <c>text/plain</c> and the paged answers <c>application/json</c>, as rb3 recorded them.
    /// </summary>
    private Task ListedCompaniesAsync(HttpContext context, FakeB3Route route, JsonObject? parameters)
    {
        var listed = Files.ListedCompanies;
        if (parameters is null)
        {
            return WriteAsync(context, FakeResponse.EmptyBody());
        }

        int Int(string name) => parameters[name]?.GetValue<int>() ?? 0;
        string Text(string name) => parameters[name]?.GetValue<string>() ?? string.Empty;
        return route switch
        {
            FakeB3Route.InitialCompanies => WriteAsync(context, FakeResponse.Json(listed.InitialCompaniesPage(Int("pageNumber"), Int("pageSize")))),
            FakeB3Route.SupplementCompany => WriteAsync(context, new FakeResponse(200, "text/plain; charset=utf-8", FakeListedCompanies.Supplement(Text("issuingCompany")))),
            _ => WriteAsync(context, FakeResponse.Json(listed.CashDividendsPage(Text("tradingName"), Int("pageNumber"), Int("pageSize")))),
        };
    }

    private static Task WriteFaultAsync(HttpContext context, FakeResponse fault) => fault.Kind == FakeResponseKind.EmptyToken
        ? WriteJsonAsync(context, TokenReply(string.Empty, "InstrumentsConsolidatedFile_00000000_1"))
        : WriteAsync(context, fault);

    private async Task ServeAsync(HttpContext context, FakeB3Route route, bool partial)
    {
        switch (route)
        {
            case FakeB3Route.RequestName:
                await IssueTokenAsync(context);
                break;
            case FakeB3Route.Download:
                await DownloadAsync(context, partial);
                break;
            case FakeB3Route.BdiExport:
                await ExportAsync(context);
                break;
            case FakeB3Route.Cotahist:
                await CotahistAsync(context);
                break;
            default:
                await PortfolioAsync(context);
                break;
        }
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var fileName = context.Request.Query["fileName"].ToString();
        if (!InstrumentsNames.Contains(fileName) && !TradesNames.Contains(fileName)
            || !DateOnly.TryParseExact(context.Request.Query["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            await WriteAsync(context, FakeResponse.Status(400));
            return;
        }

        var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        _tokens[token] = (fileName, date);
        var name = $"{fileName.Replace("File", string.Empty, StringComparison.Ordinal)}File_{date:yyyyMMdd}_1";
        await WriteJsonAsync(context, TokenReply(token, name));
    }

    private async Task DownloadAsync(HttpContext context, bool partial)
    {
        // A token serves one file; an unknown or used one, like a day outside the retention window, gets an empty body.
        if (!_tokens.TryRemove(context.Request.Query["token"].ToString(), out var issued))
        {
            await WriteAsync(context, FakeResponse.EmptyBody());
            return;
        }

        var body = InstrumentsNames.Contains(issued.FileName) ? Files.Instruments(issued.Date) : Files.Trades(issued.Date);
        if (body is not null && partial)
        {
            body = FakeB3Files.MakePartial(body);
        }

        await WriteFileAsync(context, FakeB3Route.Download, issued.Date, body, "application/octet-stream");
    }

    private async Task ExportAsync(HttpContext context)
    {
        var query = await JsonNode.ParseAsync(context.Request.Body);
        var report = query?["Name"]?.GetValue<string>();
        if (report is not (FakeB3Files.InstrumentsReport or FakeB3Files.TradesReport)
            || !DateOnly.TryParseExact(query?["Date"]?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            await WriteAsync(context, FakeResponse.Status(400));
            return;
        }

        await WriteFileAsync(context, FakeB3Route.BdiExport, date, Files.BdiExport(report, date), "text/csv; charset=utf-8");
    }

    private async Task CotahistAsync(HttpContext context)
    {
        var name = Path.GetFileNameWithoutExtension(context.Request.Path.Value!)["COTAHIST_".Length..];
        byte[]? body = null;
        var date = default(DateOnly);
        if (name.StartsWith('D') && DateOnly.TryParseExact(name[1..], "ddMMyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            body = Files.CotahistDaily(date);
        }
        else if (name.StartsWith('A') && int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            date = new DateOnly(year, 12, 31);
            body = Files.CotahistYearly(year);
        }

        await WriteFileAsync(context, FakeB3Route.Cotahist, date, body, "application/zip", missingStatus: 404);
    }

    private async Task PortfolioAsync(HttpContext context)
    {
        var encoded = Uri.UnescapeDataString(context.Request.Path.Value!["/indexProxy/indexCall/GetPortfolioDay/".Length..]);
        var parameters = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)))!;
        var page = Files.PortfolioPage(parameters["pageNumber"]!.GetValue<int>(), parameters["pageSize"]!.GetValue<int>());
        var body = Encoding.UTF8.GetBytes(page.ToJsonString());
        await WriteFileAsync(context, FakeB3Route.IndexPortfolio, Files.PortfolioDate, body, "application/json");
    }

    private async Task WriteFileAsync(HttpContext context, FakeB3Route route, DateOnly date, byte[]? body, string contentType, int missingStatus = 200)
    {
        if (body is null)
        {
            await WriteAsync(context, missingStatus == 200 ? FakeResponse.EmptyBody() : FakeResponse.Status(missingStatus));
            return;
        }

        _served.Enqueue(new FakeServedFile(route, context.Request.Path + context.Request.QueryString, date, body));
        await WriteAsync(context, new FakeResponse(200, contentType, body));
    }

    private static JsonObject TokenReply(string token, string fileName) => new()
    {
        ["redirectUrl"] = $"~/download?token={token}",
        ["token"] = token,
        ["file"] = new JsonObject { ["name"] = fileName, ["extension"] = ".csv" },
    };

    private static Task WriteJsonAsync(HttpContext context, JsonNode json) =>
        WriteAsync(context, new FakeResponse(200, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(json)));

    private static async Task WriteAsync(HttpContext context, FakeResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body);
    }
}
