using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.Processor.Refining;
using B3.Testing;

namespace B3.Processor.Tests.Refining;

/// <summary>
/// The moving average across refreshes of separate files: a day's average uses the days summarized before it, and a
/// day loaded again (or late) changes the averages of the days after it.
/// </summary>
public sealed class RefinedLayerTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateOnly[] Days = [.. TradingCalendar.B3.TradingDaysEndingAt(new DateOnly(2024, 3, 28), 20)];

    [Fact]
    public async Task RefreshingDayByDayGivesTheAveragesOfOneRefreshOverAllDays()
    {
        await InsertClosesAsync("DAYS3", day => 10m + day);
        foreach (var day in Days)
        {
            await RefreshAsync(day, day);
        }

        await InsertClosesAsync("ONCE3", day => 10m + day);
        var byDay = await MovingAveragesAsync("DAYS3");

        await RefreshAsync(Days[0], Days[^1]);
        Assert.Equal(Expected(day => 10m + day), byDay);
        Assert.Equal(byDay, await MovingAveragesAsync("ONCE3"));
    }

    [Fact]
    public async Task ADayLoadedAgainChangesTheAveragesOfTheWeekAfterIt()
    {
        await InsertClosesAsync("LATE3", day => 20m + day);
        await RefreshAsync(Days[0], Days[^1]);

        var changed = Days[9];
        await fixture.ExecuteAsync("UPDATE b3.daily_quotes SET close = close + 70 WHERE ticker = 'LATE3' AND trade_date = $1", changed);
        await RefreshAsync(changed, changed);

        Assert.Equal(Expected(day => 20m + day + (day == 9 ? 70 : 0)), await MovingAveragesAsync("LATE3"));
    }

    /// <summary>Day i's average: the mean of its close and the six before it (fewer at the start).</summary>
    private static decimal[] Expected(Func<int, decimal> close) =>
        [.. Enumerable.Range(0, Days.Length).Select(i => Math.Round(Enumerable.Range(Math.Max(0, i - 6), Math.Min(7, i + 1)).Average(close), 6))];

    private async Task InsertClosesAsync(string ticker, Func<int, decimal> close)
    {
        for (var i = 0; i < Days.Length; i++)
        {
            await fixture.ExecuteAsync("""
                INSERT INTO b3.daily_quotes (trade_date, ticker, market_type, term_days, bdi_code, open, high, low, average, close,
                                             trade_count, quantity, volume, quote_factor, object_key, etag)
                VALUES ($1, $2, 10, 0, '02', $3, $3, $3, $3, $3, 1, 100, $3 * 100, 1, 'b3/cotahist/made-up.zip', 'test')
                """, Days[i], ticker, close(i));
        }
    }

    private async Task RefreshAsync(DateOnly from, DateOnly to)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await new RefinedLayer().RefreshAsync(connection, Dataset.Cotahist, from, to, TestContext.Current.CancellationToken);
    }

    private async Task<decimal[]> MovingAveragesAsync(string ticker)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT round(moving_average_7, 6) FROM b3.daily_summary WHERE ticker = $1 ORDER BY trade_date");
        command.Parameters.Add(new() { Value = ticker });
        var averages = new List<decimal>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            averages.Add(reader.GetDecimal(0));
        }

        return [.. averages];
    }
}
