using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using B3.Core.Calendar;
using B3.Core.Formats;
using B3.Downloader.Sources;
using B3.Downloader.Tests.Apis;
using B3.Testing.FakeB3;
using Microsoft.Extensions.Time.Testing;

namespace B3.Downloader.Tests.CorporateActions;

public sealed class CorporateActionsDownloadTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    private const string Dataset = "corporate-actions";
    private const int HttpAttempts = 3;
    private const int IssuerAttempts = 3;

    private static readonly Dictionary<string, string?> FullHistory = new() { [CorporateActionsSettings.FullHistoryVariable] = "always" };
    private static readonly Dictionary<string, string?> NoFullHistory = new() { [CorporateActionsSettings.FullHistoryVariable] = "never" };

    private FakeB3Server B3 => fixture.B3;

    /// <summary>The one day the API can be asked for now, as the downloader sees it.</summary>
    private static DateOnly Today => CorporateActionsSource.CurrentTradingDay(TimeProvider.System.GetUtcNow(), TradingCalendar.B3);

    private static string Key(DateOnly date) => $"b3/corporate-actions/{date:yyyy-MM-dd}.json";

    [Fact]
    public async Task StoresEveryIssuersAnswersAsB3SentThemWithTheFullCashHistory()
    {
        B3.Reset();
        var date = Today;

        var run = await fixture.RunCliAsync(FullHistory, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([Key(date)], run.Keys);
        using var envelope = await ReadEnvelopeAsync(date);
        var root = envelope.RootElement;
        Assert.Equal(Iso(date), root.GetProperty(CorporateActionsFormat.DateProperty).GetString());
        Assert.Empty(root.GetProperty(CorporateActionsFormat.MissingProperty).EnumerateArray());
        var companies = Companies(root);
        Assert.Equal(FakeListedCompanies.IssuerCodes, companies.Keys);
        Assert.Equal("AMBEVSA", companies["ABEV"].GetProperty(CorporateActionsFormat.TradingNameProperty).GetString());

        // Each supplement byte for byte as B3 sent it: MGLU's still a string that wraps the array, WWWW's empty body a null.
        foreach (var code in new[] { "ABEV", "MGLU", "ITUB" })
        {
            Assert.Equal(Encoding.UTF8.GetString(FakeListedCompanies.Supplement(code)), Supplement(companies[code]).GetRawText());
        }

        Assert.Equal(JsonValueKind.Array, Supplement(companies["ABEV"]).ValueKind);
        var wrapped = Supplement(companies["MGLU"]);
        Assert.Equal(JsonValueKind.String, wrapped.ValueKind);
        var splits = CorporateActionsFormat.Unwrap(wrapped)[0].GetProperty(CorporateActionsFormat.StockDividendsProperty);
        Assert.Equal(["DESDOBRAMENTO", "GRUPAMENTO", "BONIFICACAO"], splits.EnumerateArray().Select(e => e.GetProperty("label").GetString()));
        Assert.Equal(JsonValueKind.Null, Supplement(companies["WWWW"]).ValueKind);

        // AMBEVSA's 29 cash events in two pages, each as served; the others have an empty history.
        var pages = companies["ABEV"].GetProperty(CorporateActionsFormat.CashDividendsProperty).EnumerateArray().ToList();
        Assert.Equal(2, pages.Count);
        for (var page = 1; page <= pages.Count; page++)
        {
            Assert.Equal(Encoding.UTF8.GetString(B3.Files.ListedCompanies.CashDividendsPage("AMBEVSA", page, ListedCompaniesApi.PageSize)), pages[page - 1].GetRawText());
        }

        Assert.Equal(29, pages.Sum(page => page.GetProperty(CorporateActionsFormat.ResultsProperty).GetArrayLength()));
        Assert.Contains("JRS CAP PROPRIO", pages[0].GetRawText());
        Assert.All(companies.Values, company => Assert.True(company.TryGetProperty(CorporateActionsFormat.CashDividendsProperty, out _)));

        // One supplement call per issuer, every paged call at 120 rows a page, every page read.
        Assert.Equal(
            FakeListedCompanies.IssuerCodes.Select(code => $$"""{"issuingCompany":"{{code}}","language":"pt-br"}"""),
            Parameters(FakeB3Route.SupplementCompany));
        Assert.Equal(
            [
                """{"language":"pt-br","pageNumber":1,"pageSize":120}""",
                """{"language":"pt-br","pageNumber":2,"pageSize":120}""",
            ],
            Parameters(FakeB3Route.InitialCompanies));
        Assert.Equal(
            """{"tradingName":"AMBEVSA","language":"pt-br","pageNumber":2,"pageSize":120}""",
            Parameters(FakeB3Route.CashDividends)[1]);
        Assert.All(Parameters(FakeB3Route.CashDividends), parameters => Assert.Contains("\"pageSize\":120", parameters));
        Assert.Equal(5, B3.Count(FakeB3Route.CashDividends));
        var info = await fixture.Storage.GetInfoAsync(Key(date), TestContext.Current.CancellationToken);
        Assert.Contains("/listedCompaniesProxy/CompanyCall/GetInitialCompanies/", info!.SourceUrl);
    }

    [Fact]
    public async Task FetchesTheCashHistoryOnTheFirstTradingDayOfTheWeekOnly()
    {
        B3.Reset();
        // Monday 2025-12-08 opens the week; Tuesday does not.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-12-08T20:00:00-03:00", CultureInfo.InvariantCulture));
        await using var api = new DownloaderApiFactory(fixture.Settings, clock);
        using var client = api.CreateClient(fixture.ApiKey);

        await RunAsync(client, "2025-12-08");
        var mondayCalls = B3.Count(FakeB3Route.CashDividends);
        clock.Advance(TimeSpan.FromDays(1));
        await RunAsync(client, "2025-12-09");

        using var monday = await ReadEnvelopeAsync(new DateOnly(2025, 12, 8));
        using var tuesday = await ReadEnvelopeAsync(new DateOnly(2025, 12, 9));
        Assert.All(Companies(monday.RootElement).Values, company => Assert.True(company.TryGetProperty(CorporateActionsFormat.CashDividendsProperty, out _)));
        Assert.All(Companies(tuesday.RootElement).Values, company => Assert.False(company.TryGetProperty(CorporateActionsFormat.CashDividendsProperty, out _)));
        Assert.Equal(FakeListedCompanies.IssuerCodes, Companies(tuesday.RootElement).Keys);
        Assert.Equal(JsonValueKind.Null, Supplement(Companies(tuesday.RootElement)["WWWW"]).ValueKind);
        Assert.Equal(5, mondayCalls);
        Assert.Equal(mondayCalls, B3.Count(FakeB3Route.CashDividends));

        static async Task RunAsync(HttpClient client, string date)
        {
            using var response = await client.PostAsync($"/ingestion/run?dt={date}&dataset={Dataset}", null, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task RecordsAnIssuerAsMissingWhenItsCashHistoryHasANullTotal()
    {
        B3.Reset();
        B3.Files.ListedCompanies.NullTotalTradingNames["ITAUUNIBANCO"] = true;
        var date = Today;

        var run = await fixture.RunCliAsync(FullHistory, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var envelope = await ReadEnvelopeAsync(date);
        Assert.Equal(["ABEV", "MGLU", "WWWW"], Companies(envelope.RootElement).Keys);
        var reason = TheOnlyMissing(envelope.RootElement, "ITUB");
        Assert.Contains("GetListedCashDividends: page.totalRecords is null", reason);
        Assert.Contains($"after {IssuerAttempts} attempts", reason);
        Assert.Equal(IssuerAttempts, B3.Requests.Count(r => r.Route == FakeB3Route.CashDividends && r.Parameters!.Contains("ITAUUNIBANCO")));
    }

    [Fact]
    public async Task RetriesAnIssuerWhoseSupplementAlwaysFailsThenRecordsItAsMissing()
    {
        B3.Reset();
        B3.Always(FakeB3Route.SupplementCompany, FakeResponse.Status(500), subject: "ITUB");
        var date = Today;

        var run = await fixture.RunCliAsync(NoFullHistory, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var envelope = await ReadEnvelopeAsync(date);
        Assert.Equal(["ABEV", "MGLU", "WWWW"], Companies(envelope.RootElement).Keys);
        Assert.Contains("GetListedSupplementCompany: HTTP 500", TheOnlyMissing(envelope.RootElement, "ITUB"));
        Assert.Equal(HttpAttempts * IssuerAttempts, B3.Requests.Count(r => r.Route == FakeB3Route.SupplementCompany && r.Parameters!.Contains("\"ITUB\"")));
    }

    [Fact]
    public async Task FailsAndStoresNothingWhenEveryIssuerFails()
    {
        B3.Reset();
        B3.Always(FakeB3Route.SupplementCompany, FakeResponse.Html());
        var date = Today;
        await fixture.Storage.DeleteAsync(Key(date), TestContext.Current.CancellationToken);

        var run = await fixture.RunCliAsync(NoFullHistory, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Keys);
        Assert.Contains("no issuer could be fetched (4 missing)", run.Error);
        Assert.Contains("GetListedSupplementCompany: not JSON", run.Error);
        Assert.Equal(FakeListedCompanies.IssuerCodes.Count * IssuerAttempts, B3.Count(FakeB3Route.SupplementCompany));
        Assert.Null(await fixture.ReadAsync(Key(date)));
        Assert.Empty(Directory.EnumerateFiles(fixture.WorkFolder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StopsWhenManyIssuersInARowFailRatherThanRetryingThemAll()
    {
        B3.Reset();
        B3.Files.ListedCompanies.GeneratedIssuers = CorporateActionsSource.MaxConsecutiveFailures * 2;
        B3.Always(FakeB3Route.SupplementCompany, FakeResponse.Status(403));
        var date = Today;
        await fixture.Storage.DeleteAsync(Key(date), TestContext.Current.CancellationToken);

        var run = await fixture.RunCliAsync(NoFullHistory, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{CorporateActionsSource.MaxConsecutiveFailures} issuers in a row failed, so B3 seems down", run.Error);
        Assert.Contains("GetListedSupplementCompany: HTTP 403", run.Error);
        Assert.Equal(CorporateActionsSource.MaxConsecutiveFailures * IssuerAttempts, B3.Count(FakeB3Route.SupplementCompany));
        Assert.Null(await fixture.ReadAsync(Key(date)));
    }

    [Fact]
    public async Task FailsWithoutCallingPerIssuerWhenTheIssuerListCannotBeRead()
    {
        B3.Reset();
        B3.Always(FakeB3Route.InitialCompanies, FakeResponse.Status(503));
        var date = Today;
        await fixture.Storage.DeleteAsync(Key(date), TestContext.Current.CancellationToken);

        var run = await fixture.RunCliAsync(NoFullHistory, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("GetInitialCompanies: HTTP 503 Service Unavailable after 3 attempt(s)", run.Error);
        Assert.Equal(0, B3.Count(FakeB3Route.SupplementCompany));
        Assert.Null(await fixture.ReadAsync(Key(date)));
    }

    [Fact]
    public async Task FetchesOnlyTheIssuersTheSettingNamesAndRecordsAnUnknownOne()
    {
        B3.Reset();
        var date = Today;
        var settings = new Dictionary<string, string?>(NoFullHistory) { [CorporateActionsSettings.IssuersVariable] = "abev3, XPTO" };

        var run = await fixture.RunCliAsync(settings, "download", "--date", Iso(date), "--dataset", Dataset);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var envelope = await ReadEnvelopeAsync(date);
        Assert.Equal(["ABEV"], Companies(envelope.RootElement).Keys);
        Assert.Contains("not among the issuers of GetInitialCompanies", TheOnlyMissing(envelope.RootElement, "XPTO"));
        Assert.Equal(1, B3.Count(FakeB3Route.SupplementCompany));
    }

    [Fact]
    public async Task SkipsADayBeforeTheCurrentOneWithoutCallingB3()
    {
        B3.Reset();

        var run = await fixture.RunCliAsync("download", "--date", "2025-12-05", "--dataset", Dataset);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Keys);
        Assert.Contains("skipped corporate-actions 2025-12-05", run.Error);
        Assert.Contains($"serves only the current state, that of {Iso(Today)}", run.Error);
        Assert.Empty(B3.Requests);
    }

    [Fact]
    public async Task TheFakeAnswersAMalformedTokenWithAnEmptyBodyAsB3Does()
    {
        B3.Reset();
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri(B3.Url, "/listedCompaniesProxy/CompanyCall/GetListedSupplementCompany/not-base64!"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private async Task<JsonDocument> ReadEnvelopeAsync(DateOnly date) =>
        JsonDocument.Parse(await fixture.ReadAsync(Key(date)) ?? throw new InvalidOperationException($"{Key(date)} is not stored"));

    private static Dictionary<string, JsonElement> Companies(JsonElement root) =>
        root.GetProperty(CorporateActionsFormat.CompaniesProperty).EnumerateArray()
            .ToDictionary(company => company.GetProperty(CorporateActionsFormat.IssuingCompanyProperty).GetString()!);

    /// <summary>The reason the envelope gives for its one missing issuer, which must be <paramref name="issuer"/>.</summary>
    private static string? TheOnlyMissing(JsonElement root, string issuer)
    {
        var missing = Assert.Single(root.GetProperty(CorporateActionsFormat.MissingProperty).EnumerateArray());
        Assert.Equal(issuer, missing.GetProperty(CorporateActionsFormat.IssuingCompanyProperty).GetString());
        return missing.GetProperty(CorporateActionsFormat.ReasonProperty).GetString();
    }

    private static JsonElement Supplement(JsonElement company) => company.GetProperty(CorporateActionsFormat.SupplementProperty);

    private List<string> Parameters(FakeB3Route route) => [.. B3.Requests.Where(r => r.Route == route).Select(r => r.Parameters!)];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
