using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using B3.Core.Calendar;
using B3.Testing;
using B3.Testing.FakeB3;

namespace B3.EndToEnd.Tests;

/// <summary>
/// B3 answering 503 to everything for a minute while the Downloader runs on its schedule: its runs fail, it tries
/// again after its retry interval, and once B3 is back the day's files are stored and loaded, each once. The day's
/// files missing at the alert hour are alerted once, however many runs fail.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class B3OutageTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(2);
    private static readonly FakeB3Route[] Routes = Enum.GetValues<FakeB3Route>();

    [Fact]
    public async Task AMinuteOf503FromB3DelaysTheDaysFilesButTheScheduleFetchesAndLoadsThemOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var day = LastTradingDay();
        fixture.B3.Files.PortfolioDate = day;
        string[] keys = [$"b3/instruments/{day:yyyy-MM-dd}.csv", $"b3/trades/{day:yyyy-MM-dd}.csv", $"b3/cotahist/{day:yyyy-MM-dd}.zip", $"b3/ibov/{day:yyyy-MM-dd}.json"];
        foreach (var route in Routes)
        {
            fixture.B3.Always(route, FakeResponse.Status(503));
        }

        var alerts = new ConcurrentQueue<string>();
        await using var alertReceiver = await LoopbackHttpServer.StartAsync(async context =>
            alerts.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)));

        // A schedule at 00:00 makes today (or the last trading day) due at once; a missing file is tried again every 10 s.
        // The alert hour has passed too, so the day's missing files are alerted while B3 is down.
        var environment = new Dictionary<string, string?>(fixture.ServiceEnvironment)
        {
            ["DOWNLOADER_SCHEDULE_ENABLED"] = "true",
            ["DOWNLOADER_SCHEDULE_TIME"] = "00:00",
            ["DOWNLOADER_CORPORATE_ACTIONS_TIME"] = "00:00",
            ["DOWNLOADER_CATCHUP_DAYS"] = "1",
            ["DOWNLOADER_RETRY_INTERVAL"] = "00:00:10",
            ["DOWNLOADER_ALERT_TIME"] = "00:00",
            ["ALERT_WEBHOOK_URL"] = new Uri(alertReceiver.Url, "/hooks/alerts").ToString(),
        };
        await using var downloader = ServiceProcess.Start("B3.Downloader", environment, new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        await downloader.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90), ct);
        var clock = Stopwatch.StartNew();

        await Task.Delay(Outage, ct);
        var refused = fixture.B3.Requests.Count(request => request.StatusCode == 503);
        Assert.True(refused > 0, "The Downloader asked B3 nothing during the outage.");
        Assert.Equal(0L, await CountJobsAsync(keys, "true", ct));
        fixture.B3.Reset();
        var back = Stopwatch.StartNew();

        var deadline = DateTime.UtcNow + RecoveryTimeout;
        while (await CountJobsAsync(keys, "status = 'succeeded'", ct) < keys.Length)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"The day's files were not all loaded {RecoveryTimeout} after B3 came back.\n{downloader.Output[^Math.Min(4000, downloader.Output.Length)..]}\n{fixture.Processor.Output[^Math.Min(4000, fixture.Processor.Output.Length)..]}");
            await Task.Delay(250, ct);
        }

        var (recovered, afterB3) = (clock.Elapsed, back.Elapsed);
        Assert.Equal(keys.Length, await CountJobsAsync(keys, "true", ct));
        Assert.Equal(0L, await CountJobsAsync(keys, "coalesce(rows_loaded, 0) = 0", ct));
        using var alert = JsonDocument.Parse(Assert.Single(alerts));
        // The alert also names the day's corporate-actions snapshot, which the run fetches too (its loading is not checked here).
        var alertText = alert.RootElement.GetProperty("text").GetString();
        Assert.Contains($"Daily download of {day:yyyy-MM-dd} not complete at 00:00 America/Sao_Paulo: 5 object(s) missing", alertText);
        Assert.Contains($"b3/corporate-actions/{day:yyyy-MM-dd}.json", alertText);
        ReliabilityReport.Record("B3 outage", $"the scheduled Downloader fetching {day:yyyy-MM-dd}: {keys.Length} files",
            $"every B3 route answered 503 for {Outage.TotalSeconds:F0} s ({refused} requests refused)",
            $"{keys.Length} stored and loaded once each {afterB3.TotalSeconds:F1} s after B3 came back, lost 0, duplicated 0; 1 alert (the day's files missing)", recovered);
    }

    /// <summary>Today in São Paulo when B3 trades today, else the trading day before: what a run at 00:00 fetches.</summary>
    private static DateOnly LastTradingDay()
    {
        var saoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, saoPaulo).DateTime);
        return TradingCalendar.B3.IsTradingDay(today) ? today : TradingCalendar.B3.PreviousTradingDay(today);
    }

    private async Task<long> CountJobsAsync(string[] keys, string condition, CancellationToken ct)
    {
        await using var command = fixture.DataSource.CreateCommand($"SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = ANY($1) AND {condition}");
        command.Parameters.Add(new() { Value = keys });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
