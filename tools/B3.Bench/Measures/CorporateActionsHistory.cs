using System.Diagnostics;

namespace B3.Bench.Measures;

/// <summary>
/// A year of daily corporate-actions snapshots written straight into <c>b3.corporate_actions</c>, then recorded day by
/// day as the Processor records each loaded snapshot (<c>b3.record_reported_events</c>). Every snapshot repeats every
/// event, as B3's does: each cash-market ticker of the year has <see cref="EventsPerTicker"/> events, the measured one
/// <see cref="EventsOfTheMeasuredTicker"/> (a dividend every 45 days back to about 2012, every twentieth a 1:2 split).
/// </summary>
internal sealed class CorporateActionsHistory(BenchEnvironment environment)
{
    public const int EventsPerTicker = 5;
    public const int EventsOfTheMeasuredTicker = 100;

    /// <returns>The snapshot rows written, and the time the last day's recording took and the median day's.</returns>
    public async Task<(long Rows, TimeSpan LastDay, TimeSpan MedianDay)> WriteAsync(int year, string measuredTicker)
    {
        await environment.ExecuteAsync($"""
            INSERT INTO b3.corporate_actions (report_date, position, issuing_company, isin, ticker, source, kind, label, factor,
                                              share_multiplier, cash_amount, sized, approved_on, last_date_prior, ex_date,
                                              payment_date, related_to, object_key, etag)
            SELECT d.trade_date, row_number() OVER (), left(t.ticker, 4), NULL, t.ticker, 'supplement',
                   CASE WHEN e.n % 20 = 0 THEN 'split' ELSE 'cash' END,
                   CASE WHEN e.n % 20 = 0 THEN 'DESDOBRAMENTO' ELSE 'DIVIDENDO' END,
                   CASE WHEN e.n % 20 = 0 THEN 100 END, CASE WHEN e.n % 20 = 0 THEN 2 END,
                   CASE WHEN e.n % 20 = 0 THEN NULL ELSE 0.05 + e.n * 0.001 END,
                   true, NULL, ex.day - 1, ex.day, NULL, NULL, 'b3/corporate-actions/' || d.trade_date || '.json', 'bench'
            FROM (SELECT DISTINCT trade_date FROM b3.daily_summary WHERE trade_date BETWEEN '{year}-01-01' AND '{year}-12-31') d
            CROSS JOIN (SELECT DISTINCT ticker FROM b3.daily_summary WHERE trade_date BETWEEN '{year}-01-01' AND '{year}-12-31') t
            CROSS JOIN LATERAL generate_series(1, CASE WHEN t.ticker = '{measuredTicker}' THEN {EventsOfTheMeasuredTicker} ELSE {EventsPerTicker} END) e(n)
            CROSS JOIN LATERAL (SELECT date '{year}-12-20' - e.n * 45 AS day) ex
            """);
        var rows = await environment.ScalarAsync<long>("SELECT count(*) FROM b3.corporate_actions");
        var days = new List<TimeSpan>();
        foreach (var day in await environment.ListAsync<DateOnly>("SELECT DISTINCT report_date FROM b3.corporate_actions ORDER BY 1"))
        {
            var started = Stopwatch.GetTimestamp();
            await environment.ExecuteAsync($"SELECT b3.record_reported_events('{day:yyyy-MM-dd}', '{day:yyyy-MM-dd}')");
            days.Add(Stopwatch.GetElapsedTime(started));
        }

        await environment.ExecuteAsync("ANALYZE b3.corporate_actions, b3.reported_corporate_events");
        return (rows, days[^1], days.Order().ElementAt(days.Count / 2));
    }
}
