using System.Globalization;
using B3.Core.Calendar;
using B3.Downloader.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace B3.Downloader.Tests.CorporateActions;

public sealed class CorporateActionsRulesTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Start = new(2025, 12, 8, 23, 0, 0, TimeSpan.FromHours(-3));

    [Theory]
    [InlineData("2025-12-08", true)] // Monday
    [InlineData("2025-12-09", false)] // Tuesday
    [InlineData("2025-12-12", false)] // Friday
    [InlineData("2025-04-22", true)] // Tuesday after Tiradentes on Monday
    [InlineData("2025-03-05", true)] // Ash Wednesday after Carnival's Monday and Tuesday
    [InlineData("2025-03-06", false)] // the Thursday after
    [InlineData("2026-01-02", false)] // Friday after Monday 2025-12-29 traded in the same ISO week (2026-W01)
    public void TheFullHistoryDayIsTheFirstTradingDayOfItsIsoWeek(string date, bool expected) =>
        Assert.Equal(expected, CorporateActionsSource.IsFirstTradingDayOfIsoWeek(DateOnly.Parse(date, CultureInfo.InvariantCulture), TradingCalendar.B3));

    [Theory]
    [InlineData("2025-12-08T23:00:00-03:00", "2025-12-08")] // a trading day
    [InlineData("2025-12-09T01:00:00Z", "2025-12-08")] // still Monday in São Paulo
    [InlineData("2025-12-13T12:00:00-03:00", "2025-12-12")] // Saturday: Friday's state
    [InlineData("2025-12-25T12:00:00-03:00", "2025-12-23")] // Christmas, after Christmas Eve without trading
    public void TheCurrentDayIsTheLatestTradingDayInSaoPaulo(string now, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture),
            CorporateActionsSource.CurrentTradingDay(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), TradingCalendar.B3));

    [Fact]
    public async Task SpacesConsecutiveCallsByTheInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);
        var pacer = new CallPacer(Second, clock);

        var first = pacer.WaitTurnAsync(ct);
        var second = pacer.WaitTurnAsync(ct);
        var third = pacer.WaitTurnAsync(ct);

        Assert.True(first.IsCompleted);
        clock.Advance(Second - TimeSpan.FromMilliseconds(1));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second;
        Assert.False(third.IsCompleted);
        clock.Advance(Second);
        await third;

        // After a pause longer than the interval the next call goes at once.
        clock.Advance(Second * 5);
        Assert.True(pacer.WaitTurnAsync(ct).IsCompleted);
    }

    [Fact]
    public async Task BacksOffTwiceTheIntervalPerRetryAndNeverWaitsWithAZeroInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);

        var backOff = new CallPacer(Second, clock).BackOffAsync(2, ct);

        clock.Advance(Second * 3);
        Assert.False(backOff.IsCompleted);
        clock.Advance(Second);
        await backOff;
        var unpaced = new CallPacer(TimeSpan.Zero, clock);
        Assert.True(unpaced.WaitTurnAsync(ct).IsCompleted && unpaced.WaitTurnAsync(ct).IsCompleted && unpaced.BackOffAsync(1, ct).IsCompleted);
    }

    [Fact]
    public void ReadsItsSettingsFromTheEnvironmentAndNamesTheVariableOfABadValue()
    {
        var defaults = CorporateActionsSettings.FromConfiguration(Configuration([]));
        var set = CorporateActionsSettings.FromConfiguration(Configuration(new()
        {
            [CorporateActionsSettings.CallIntervalVariable] = "0.25",
            [CorporateActionsSettings.IssuersVariable] = "abev3, MGLU ,B100,TAEE11,ABEV",
            [CorporateActionsSettings.FullHistoryVariable] = "ALWAYS",
        }));

        Assert.Equal(Second, defaults.CallInterval);
        Assert.Empty(defaults.Issuers);
        Assert.Equal(FullHistoryMode.Weekly, defaults.FullHistory);
        Assert.Equal(TimeSpan.FromMilliseconds(250), set.CallInterval);
        Assert.Equal(["ABEV", "MGLU", "B100", "TAEE"], set.Issuers);
        Assert.Equal(FullHistoryMode.Always, set.FullHistory);
        Assert.Equal(Second * 2, CorporateActionsSettings.FromConfiguration(Configuration(new() { [CorporateActionsSettings.CallIntervalVariable] = "00:00:02" })).CallInterval);
        foreach (var (variable, value) in new[]
        {
            (CorporateActionsSettings.CallIntervalVariable, "-1"),
            (CorporateActionsSettings.CallIntervalVariable, "soon"),
            (CorporateActionsSettings.IssuersVariable, "PETR-4"),
            (CorporateActionsSettings.FullHistoryVariable, "monthly"),
        })
        {
            var failure = Assert.Throws<InvalidOperationException>(() => CorporateActionsSettings.FromConfiguration(Configuration(new() { [variable] = value })));
            Assert.Contains(variable, failure.Message);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
