using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using B3.Core.Alerts;
using B3.Core.Storage;
using B3.Downloader.Scheduling;
using B3.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace B3.Downloader.Tests.Alerts;

public sealed class DownloadMissingAlertTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AfterTheAlertHourADayWithMissingFilesIsAlertedOnceEvenAcrossRestarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var alerts = new ConcurrentQueue<string>();
        await using var receiver = await LoopbackHttpServer.StartAsync(async context =>
            alerts.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)));
        foreach (var key in new[] { "b3/instruments/2025-12-05.csv", "b3/trades/2025-12-05.csv", "b3/ibov/2025-12-05.json", "b3/corporate-actions/2025-12-05.json" })
        {
            await fixture.Storage.UploadAsync(key, new MemoryStream("stored"u8.ToArray()), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        }

        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            [AlertSettings.UrlVariable] = new Uri(receiver.Url, "/hooks/alerts").ToString(),
            ["DOWNLOADER_ALERT_TIME"] = "23:30",
        };
        // Friday 2025-12-05, a trading day, 15 minutes after the alert hour: COTAHIST never arrived.
        var friday = new FakeTimeProvider(DateTimeOffset.Parse("2025-12-05T23:45:00-03:00", CultureInfo.InvariantCulture));
        await using (var worker = new Worker(settings, friday))
        {
            worker.CreateClient().Dispose();
            var deadline = DateTime.UtcNow + Timeout;
            while (alerts.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }

        await using (var restarted = new Worker(settings, friday))
        {
            restarted.CreateClient().Dispose();
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        using var message = JsonDocument.Parse(Assert.Single(alerts));
        var text = message.RootElement.GetProperty("text").GetString()!;
        Assert.Contains("Daily download of 2025-12-05 not complete at 23:30 America/Sao_Paulo: 1 object(s) missing (b3/cotahist/2025-12-05.zip)", text);
        Assert.Equal(text, message.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public void TheAlertHourIsConfigurableAndCanBeTurnedOff()
    {
        Assert.Equal(new TimeOnly(23, 30), ScheduleSettings.FromConfiguration(Configuration(null)).AlertTime);
        Assert.Equal(new TimeOnly(8, 15), ScheduleSettings.FromConfiguration(Configuration("08:15")).AlertTime);
        Assert.Null(ScheduleSettings.FromConfiguration(Configuration("off")).AlertTime);
        Assert.Contains("DOWNLOADER_ALERT_TIME", Assert.Throws<InvalidOperationException>(() => ScheduleSettings.FromConfiguration(Configuration("late"))).Message);

        static IConfiguration Configuration(string? value) =>
            new ConfigurationBuilder().AddInMemoryCollection([new("DOWNLOADER_ALERT_TIME", value)]).Build();
    }

    /// <summary>The scheduled worker (schedule off, so it downloads nothing) with alerts and a fixed clock.</summary>
    private sealed class Worker(IReadOnlyDictionary<string, string?> settings, TimeProvider time) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("DOWNLOADER_SCHEDULE_ENABLED", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton(time).AddAlerts());
        }
    }
}
