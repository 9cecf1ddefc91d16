using B3.Core.Datasets;
using B3.Testing;
using Npgsql;

namespace B3.WebhookApi.Tests;

/// <summary>The WebhookApi as its own process on a real port, over the quote data of <see cref="MarketData"/>, the register of 2024-11-08 and one day of jobs.</summary>
public sealed class DashboardFixture : B3Fixture
{
    public ServiceProcess Api { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        Api = ServiceProcess.Start("B3.WebhookApi", EnvironmentVariables);
        await Api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), ct);
        await MarketData.LoadAsync(ConnectionString, ct);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await MarketData.Execute(connection, QueryApiFixture.RegisterSql(), ct);
        await MarketData.Execute(connection, """
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, status, attempts, rows_loaded, rows_quarantined, last_error)
            VALUES ('financial-data', 'b3/cotahist/2024-11-08.zip', 'e1', 'cotahist', '2024-11-08', 'succeeded', 1, 12224, 0, NULL),
                   ('financial-data', 'b3/trades/2024-11-08.csv', 'e2', 'trades', '2024-11-08', 'dead', 5, NULL, NULL, 'Line 1 is not the trades header')
            """, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// The dashboard in headless Chromium (Debian's <c>chromium</c> package, driven by playwright-core from
/// <c>tests/browser/</c>) against the running API: it must draw the chart of a ticker with data and the ingestion grid.
/// </summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TheDashboardDrawsTheChartOfATickerAndTheIngestionStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        var screenshot = HeadlessChromium.ScreenshotPath("dashboard-PETR4.png");
        var url = new Uri(fixture.Api.Url, $"/?ticker=petr4&from=2024-10-01&to=2024-11-08#key={Uri.EscapeDataString(fixture.ApiKey)}");

        var shown = await HeadlessChromium.RunAsync("screenshot-dashboard.mjs", ["--url", url.ToString(), "--out", screenshot], BrowserTimeout, ct);
        TestContext.Current.SendDiagnosticMessage($"Dashboard screenshot: {screenshot}");

        var days = MarketData.TradingDays.Count(d => d <= MarketData.SampleDate);
        Assert.Empty(shown.GetProperty("problems").EnumerateArray());
        Assert.Equal("ready", shown.GetProperty("chartState").GetString());
        Assert.Equal("PETR4", shown.GetProperty("ticker").GetString());
        Assert.Equal(days, shown.GetProperty("points").GetInt32());
        Assert.Equal([days, days, days], shown.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("values").GetInt32()));
        // Lines and bars cover a visible part of the canvas, not just axes.
        Assert.True(shown.GetProperty("paintedPixels").GetInt64() > shown.GetProperty("canvasPixels").GetInt64() / 50, shown.ToString());

        Assert.Equal("ready", shown.GetProperty("gridState").GetString());
        Assert.Equal(30, shown.GetProperty("gridDays").GetInt32());
        var cells = shown.GetProperty("gridCells").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(30 * Dataset.All.Count, cells.Count);
        Assert.Equal(1, cells.Count(c => c == "succeeded"));
        Assert.Equal(1, cells.Count(c => c == "dead"));
        Assert.Equal("PETR4: COMPANY OF PETR4 · CASH · SHARES · NIVEL 2 · BRPETR4XXX00 (register of 2024-11-08)", shown.GetProperty("instrument").GetString());

        // The key left the address bar for the session's storage.
        Assert.True(shown.GetProperty("storedKey").GetBoolean());
        Assert.DoesNotContain(fixture.ApiKey, shown.GetProperty("address").GetString());

        var png = new FileInfo(screenshot);
        Assert.True(png.Exists && png.Length > 20_000, $"{screenshot}: {(png.Exists ? png.Length : 0)} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot)[..4]);
    }

    [Fact]
    public async Task TheChartSwitchesToTheAdjustedClose()
    {
        var ct = TestContext.Current.CancellationToken;
        var screenshot = HeadlessChromium.ScreenshotPath("dashboard-PETR4-adjusted.png");
        var url = new Uri(fixture.Api.Url, $"/?ticker=PETR4&from=2024-10-01&to=2024-11-08&adjusted=total#key={Uri.EscapeDataString(fixture.ApiKey)}");

        var shown = await HeadlessChromium.RunAsync("screenshot-dashboard.mjs", ["--url", url.ToString(), "--out", screenshot], BrowserTimeout, ct);

        var days = MarketData.TradingDays.Count(d => d <= MarketData.SampleDate);
        Assert.Empty(shown.GetProperty("problems").EnumerateArray());
        Assert.Equal(("ready", "total"), (shown.GetProperty("chartState").GetString(), shown.GetProperty("adjusted").GetString()));
        Assert.Equal(
            [("PETR4 close adjusted (total)", days), ("Financial volume (BRL)", days)],
            shown.GetProperty("series").EnumerateArray().Select(s => (s.GetProperty("label").GetString(), s.GetProperty("values").GetInt32())));
    }
}
