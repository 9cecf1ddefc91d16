using B3.Core.Datasets;
using B3.Core.Storage;
using B3.Testing.FakeB3;

namespace B3.Downloader.Tests.Cli;

public sealed class DownloadCommandTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    private FakeB3Server B3 => fixture.B3;

    [Fact]
    public async Task StoresTheInstrumentsFileOfADayUnchangedAndOverwritesItOnASecondRun()
    {
        B3.Reset();
        const string Key = "b3/instruments/2025-12-05.csv";

        var first = await fixture.RunCliAsync("download", "--date", "2025-12-05", "--dataset", "instruments");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal([Key], first.Keys);
        var served = Assert.Single(B3.Served, f => f.Route == FakeB3Route.Download);
        var stored = await fixture.ReadAsync(Key);
        Assert.NotNull(stored);
        Assert.NotEmpty(stored);
        Assert.Equal(DownloaderFixture.Sha256(served.Body), DownloaderFixture.Sha256(stored));
        Assert.Equal(Samples.Instruments, stored);
        Assert.Contains((byte)0xCD, stored); // the cp1252 Í of "FUNDO DE ÍNDICE", not re-encoded
        var info = await fixture.Storage.GetInfoAsync(Key, TestContext.Current.CancellationToken);
        Assert.Equal(DownloaderFixture.Sha256(stored), info!.Sha256);
        Assert.Contains("/api/download/requestname?fileName=InstrumentsConsolidated&date=2025-12-05", info.SourceUrl);
        // W3C trace context: version 00, trace id, parent id, flags (sampled, and level 2's random trace id bit).
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$", info.TraceParent!);
        Assert.Empty(Directory.EnumerateFiles(fixture.WorkFolder, "*", SearchOption.AllDirectories));

        var second = await fixture.RunCliAsync("download", "--date", "2025-12-05", "--dataset", "instruments");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal([Key], second.Keys);
        Assert.Equal(Samples.Instruments, await fixture.ReadAsync(Key));
        Assert.Equal(2, B3.Served.Count(f => f.Route == FakeB3Route.Download));
    }

    [Fact]
    public async Task StoresTheRealCotahistZipUnchanged()
    {
        B3.Reset();

        var run = await fixture.RunCliAsync("download", "--date", "2024-11-08", "--dataset", "cotahist");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["b3/cotahist/2024-11-08.zip"], run.Keys);
        var stored = await fixture.ReadAsync("b3/cotahist/2024-11-08.zip");
        Assert.Equal("6a0692a678c29245d25c4d0cd4c97f7c5165a36af917ba8f4bb055b636ccaad4", DownloaderFixture.Sha256(stored!));
    }

    [Fact]
    public async Task RefusesTheTruncatedCotahistAndStoresNothing()
    {
        B3.Reset();
        B3.Files.Set("cotahist", Samples.TruncatedCotahistDate, Samples.TruncatedCotahistZip);

        var run = await fixture.RunCliAsync("download", "--date", "2016-01-04", "--dataset", "cotahist");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Keys);
        Assert.Contains("COTAHIST_D04012016.ZIP", run.Error);
        Assert.Contains("the trailer counts 1745 records but the file has 506 lines", run.Error);
        Assert.Null(await fixture.ReadAsync("b3/cotahist/2016-01-04.zip"));
    }

    [Fact]
    public async Task StoresAfterB3Answers503TwiceThen200()
    {
        B3.Reset();
        B3.Enqueue(FakeB3Route.Download, FakeResponse.Status(503), FakeResponse.Status(503));

        var run = await fixture.RunCliAsync("download", "--date", "2025-01-27", "--dataset", "trades");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["b3/trades/2025-01-27.csv"], run.Keys);
        Assert.Equal([503, 503, 200], B3.Requests.Where(r => r.Route == FakeB3Route.Download).Select(r => r.StatusCode));
        Assert.Equal(Samples.Trades, await fixture.ReadAsync("b3/trades/2025-01-27.csv"));
    }

    [Fact]
    public async Task FailsWithTheUrlAndStatusWhenB3Answers503EveryTime()
    {
        B3.Reset();
        B3.Always(FakeB3Route.RequestName, FakeResponse.Status(503));
        B3.Always(FakeB3Route.BdiExport, FakeResponse.Status(503));

        var run = await fixture.RunCliAsync("download", "--date", "2025-12-01", "--dataset", "instruments");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Keys);
        Assert.Contains($"{B3.Url}api/download/requestname?fileName=InstrumentsConsolidated&date=2025-12-01&recaptchaToken=: HTTP 503 Service Unavailable after 3 attempt(s)", run.Error);
        Assert.Contains($"{B3.Url}bdi/table/export/csv?lang=pt-BR: HTTP 503 Service Unavailable after 3 attempt(s)", run.Error);
        Assert.Equal(3, B3.Count(FakeB3Route.RequestName));
        Assert.Null(await fixture.ReadAsync("b3/instruments/2025-12-01.csv"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RefusesAnHtmlPageInsteadOfAFile(bool labelledAsHtml)
    {
        B3.Reset();
        var page = labelledAsHtml ? FakeResponse.Html() : FakeResponse.HtmlAsFile();
        B3.Always(FakeB3Route.Download, page);
        B3.Always(FakeB3Route.BdiExport, page);

        var run = await fixture.RunCliAsync("download", "--date", "2025-12-02", "--dataset", "instruments");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Keys);
        Assert.Contains("HTML page", run.Error);
        Assert.Null(await fixture.ReadAsync("b3/instruments/2025-12-02.csv"));
    }

    [Fact]
    public async Task DoesNotStoreAPartialFileAsTheDaysFile()
    {
        B3.Reset();
        B3.Always(FakeB3Route.Download, FakeResponse.Partial());

        var run = await fixture.RunCliAsync("download", "--date", "2025-12-03", "--dataset", "instruments");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Keys);
        Assert.Contains("not final instruments 2025-12-03", run.Error);
        Assert.Contains("Status do Arquivo: Parcial", run.Error);
        Assert.Single(B3.Served, f => f.Route == FakeB3Route.Download);
        Assert.Equal(0, B3.Count(FakeB3Route.BdiExport));
        Assert.Null(await fixture.ReadAsync("b3/instruments/2025-12-03.csv"));
    }

    [Theory]
    [InlineData("empty-token", "empty token")]
    [InlineData("400", "HTTP 400")]
    [InlineData("empty-body", "empty body")]
    public async Task FallsBackToTheBdiExportWhenThePrimarySourceHasNoFile(string fault, string reason)
    {
        B3.Reset();
        if (fault == "empty-token")
        {
            B3.Always(FakeB3Route.RequestName, FakeResponse.EmptyToken());
        }
        else if (fault == "400")
        {
            B3.Always(FakeB3Route.RequestName, FakeResponse.Status(400));
        }
        else
        {
            B3.Always(FakeB3Route.Download, FakeResponse.EmptyBody());
        }

        var run = await fixture.RunCliAsync("download", "--date", "2025-12-04", "--dataset", "trades", "--verbose");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["b3/trades/2025-12-04.csv"], run.Keys);
        Assert.Contains(reason, run.Error);
        var bdi = B3.Served.Last(f => f.Route == FakeB3Route.BdiExport);
        Assert.Equal(bdi.Body, await fixture.ReadAsync("b3/trades/2025-12-04.csv"));
        var info = await fixture.Storage.GetInfoAsync("b3/trades/2025-12-04.csv", TestContext.Current.CancellationToken);
        Assert.EndsWith("bdi/table/export/csv?lang=pt-BR#ConsolidatedTradesEquities:2025-12-04", info!.SourceUrl);
    }

    [Theory]
    [InlineData("2025-12-25", "Natal")]
    [InlineData("2025-12-06", "Saturday")]
    public async Task SkipsADayWithoutTradingWithExitZero(string date, string reason)
    {
        B3.Reset();
        var requests = B3.Requests.Count;

        var run = await fixture.RunCliAsync("download", "--date", date, "--dataset", "all");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Keys);
        Assert.Contains($"{date} is not a B3 trading day ({reason})", run.Error);
        Assert.Equal(requests, B3.Requests.Count);
        foreach (var dataset in Dataset.All)
        {
            Assert.Null(await fixture.Storage.GetInfoAsync(fixture.Keys.For(dataset, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task StoresTheIbovPortfolioFromEveryPageAsOneDocument()
    {
        B3.Reset();
        B3.Files.PortfolioMembers = 250;
        try
        {
            var run = await fixture.RunCliAsync("download", "--date", "2025-12-05", "--dataset", "ibov");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(["b3/ibov/2025-12-05.json"], run.Keys);
            Assert.Equal(3, B3.Count(FakeB3Route.IndexPortfolio));
            var document = System.Text.Json.Nodes.JsonNode.Parse(await fixture.ReadAsync("b3/ibov/2025-12-05.json"))!;
            Assert.Equal("IBOV", document["index"]!.GetValue<string>());
            Assert.Equal("2025-12-05", document["date"]!.GetValue<string>());
            Assert.Equal("05/12/25", document["pages"]![0]!["header"]!["date"]!.GetValue<string>());
            var results = document["pages"]!.AsArray().SelectMany(page => page!["results"]!.AsArray()).ToList();
            Assert.Equal(250, results.Count);
            Assert.Equal("PETR4", results[0]!["cod"]!.GetValue<string>());
        }
        finally
        {
            B3.Files.PortfolioMembers = 85;
        }
    }

    [Fact]
    public async Task SkipsAnIbovDayTheIndexApiCannotServe()
    {
        B3.Reset();

        var run = await fixture.RunCliAsync("download", "--date", "2025-12-01", "--dataset", "ibov");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Keys);
        Assert.Contains("serves only the current portfolio, dated 2025-12-05", run.Error);
    }

    [Theory]
    [InlineData("download", "--date", "2025-13-40")]
    [InlineData("download", "--date", "2025-12-05", "--dataset", "options")]
    [InlineData("download", "--dataset", "trades")]
    [InlineData("download", "--date", "2025-12-05", "--env", "staging")]
    [InlineData("download", "--date", "2030-01-02")]
    [InlineData("backfill", "--from", "2025-12-05", "--to", "2025-12-01")]
    public async Task ExitsWithTwoOnAUsageError(params string[] args)
    {
        var run = await fixture.RunCliAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task ExplainsEveryOptionInItsHelp()
    {
        var run = await fixture.RunCliAsync("download", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--date", "--dataset", "--env", "--verbose", "--force", "--keep-local" })
        {
            Assert.Contains(option, run.Output);
        }
    }

    [Fact]
    public async Task KeepsTheLocalFileWhenAsked()
    {
        B3.Reset();

        var run = await fixture.RunCliAsync("download", "--date", "2025-11-28", "--dataset", "cotahist", "--keep-local");

        Assert.True(run.ExitCode == 0, run.ToString());
        var kept = Path.Combine(fixture.WorkFolder, "cotahist", "2025-11-28.zip");
        Assert.Contains($"kept {kept}", run.Error);
        Assert.Equal(await fixture.ReadAsync("b3/cotahist/2025-11-28.zip"), await File.ReadAllBytesAsync(kept, TestContext.Current.CancellationToken));
        File.Delete(kept);
    }
}
