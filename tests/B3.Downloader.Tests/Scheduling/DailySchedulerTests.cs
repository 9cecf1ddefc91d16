using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.Downloader.Scheduling;
using B3.Downloader.Tests.Apis;
using B3.Testing;
using B3.Testing.FakeB3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace B3.Downloader.Tests.Scheduling;

public sealed class DailySchedulerTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    private static readonly TimeOnly Evening = new(23, 0);

    [Theory]
    [InlineData("2025-12-05T12:00:00-03:00", "2025-12-05T23:00:00-03:00")] // Friday morning: tonight
    [InlineData("2025-12-05T23:00:00-03:00", "2025-12-08T23:00:00-03:00")] // Friday at the hour: Monday
    [InlineData("2025-12-23T23:30:00-03:00", "2025-12-26T23:00:00-03:00")] // over Christmas Eve and Day
    [InlineData("2025-12-06T02:00:00Z", "2025-12-08T23:00:00-03:00")] // 23:00 Friday in São Paulo is 02:00 Saturday UTC
    public void SchedulesTheNextRunAtTheHourOnTheNextTradingDayInSaoPaulo(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            DailyScheduler.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Evening, TradingCalendar.B3));

    [Fact]
    public void CatchesUpTheLastSevenTradingDaysIncludingTodayOnlyAfterTheHour()
    {
        var morning = DailyScheduler.CatchUpDays(DateTimeOffset.Parse("2025-12-08T10:00:00-03:00", System.Globalization.CultureInfo.InvariantCulture), Evening, 7, TradingCalendar.B3);
        var night = DailyScheduler.CatchUpDays(DateTimeOffset.Parse("2025-12-08T23:30:00-03:00", System.Globalization.CultureInfo.InvariantCulture), Evening, 7, TradingCalendar.B3);

        Assert.Equal(
            [new(2025, 11, 27), new(2025, 11, 28), new(2025, 12, 1), new(2025, 12, 2), new(2025, 12, 3), new(2025, 12, 4), new DateOnly(2025, 12, 5)],
            morning);
        Assert.Equal(new DateOnly(2025, 11, 28), night[0]);
        Assert.Equal(new DateOnly(2025, 12, 8), night[^1]);
    }

    [Fact]
    public void TheCorporateActionsSnapshotHasItsOwnHourThatEndsBeforeTheAlert()
    {
        var defaults = ScheduleSettings.FromConfiguration(new ConfigurationBuilder().Build());
        var configured = ScheduleSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ScheduleSettings.CorporateActionsTimeVariable] = "18:30" }).Build());

        Assert.Equal((new TimeOnly(19, 0), new TimeOnly(23, 0)), (defaults.TimeOf(Dataset.CorporateActions), defaults.TimeOf(Dataset.Cotahist)));
        // A full-history day of ~3,400 issuers at a call a second takes about two hours.
        Assert.True(defaults.CorporateActionsTime.AddHours(2) < defaults.AlertTime);
        Assert.Equal(new TimeOnly(18, 30), configured.TimeOf(Dataset.CorporateActions));
        // At 20:00 the corporate-actions day is today's; the other files' day is still the one before.
        var evening = DateTimeOffset.Parse("2025-12-08T20:00:00-03:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateOnly(2025, 12, 8), DailyScheduler.CatchUpDays(evening, defaults.TimeOf(Dataset.CorporateActions), 1, TradingCalendar.B3)[0]);
        Assert.Equal(new DateOnly(2025, 12, 5), DailyScheduler.CatchUpDays(evening, defaults.TimeOf(Dataset.Trades), 1, TradingCalendar.B3)[0]);
    }

    [Fact]
    public async Task FetchesTheMissingObjectsOfTheLastSevenTradingDaysOnStart()
    {
        var ct = TestContext.Current.CancellationToken;
        fixture.B3.Reset();
        const string Existing = "b3/cotahist/2025-12-03.zip";
        byte[] existing = [.. FakeB3Files.Zip("COTAHIST_D03122025.TXT", [.. "kept as it is"u8])];
        await fixture.Storage.UploadAsync(Existing, new MemoryStream(existing), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["DOWNLOADER_SCHEDULE_ENABLED"] = "true" };
        var monday = new FakeTimeProvider(DateTimeOffset.Parse("2025-12-08T10:00:00-03:00", System.Globalization.CultureInfo.InvariantCulture));
        DateOnly from = new(2025, 11, 27), to = new(2025, 12, 5);

        await using var factory = new DownloaderApiFactory(settings, monday);
        using var client = factory.CreateClient();
        var stored = 0;
        for (var attempt = 0; attempt < 600 && stored < 22; attempt++)
        {
            await Task.Delay(100, ct);
            stored = 0;
            foreach (var dataset in Dataset.All)
            {
                stored += (await fixture.ListAsync(dataset, from, to)).Count;
            }
        }

        Assert.Equal(7, (await fixture.ListAsync(Dataset.Instruments, from, to)).Count);
        Assert.Equal(7, (await fixture.ListAsync(Dataset.Trades, from, to)).Count);
        Assert.Equal(7, (await fixture.ListAsync(Dataset.Cotahist, from, to)).Count);
        Assert.Equal(["b3/ibov/2025-12-05.json"], await fixture.ListAsync(Dataset.Ibov, from, to));
        Assert.Equal(existing, await fixture.ReadAsync(Existing));
        Assert.DoesNotContain(fixture.B3.Requests, r => r.PathAndQuery.Contains("COTAHIST_D03122025", StringComparison.Ordinal));
    }
}
