using System.Diagnostics;
using System.Net;

namespace B3.Bench.Measures;

/// <summary>
/// <c>GET /api/quotes/{ticker}</c> for one month with a year loaded, one request at a time. As traded, against the same
/// rows read straight from <c>b3.daily_summary</c> with Npgsql: the database's own time plus one round trip. Adjusted
/// (<c>adjusted=total</c>) after a year of corporate-actions snapshots, against the same request as traded. Requests
/// are paced at 40 a second, under the API's rate limit of 50 a second per client (B3.ServiceDefaults RequestLimits).
/// </summary>
internal sealed class QueryMeasure(BenchEnvironment environment)
{
    private const int WarmUp = 20;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(25);
    public const string Target = "p95 ≤ 5 ms";

    /// <param name="year">The loaded year: the month asked for is its last complete one, the ticker the one with most bars in it.</param>
    public async Task<ReportRow> RunAsync(int year, int requests)
    {
        var (ticker, from, to) = await MonthOfTheBusiestTickerAsync(year);
        using var http = Client();
        var path = $"/api/quotes/{ticker}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        if (await UnavailableAsync(http, path, "One month of one ticker via GET /api/quotes/{ticker}") is { } unavailable)
        {
            return unavailable;
        }

        var api = await TimeAsync(requests, Pace, () => GetAsync(http, path));
        var sql = await TimeAsync(requests, TimeSpan.Zero, async () =>
        {
            await using var command = environment.DataSource.CreateCommand(
                "SELECT * FROM b3.daily_summary WHERE ticker = $1 AND trade_date BETWEEN $2 AND $3 ORDER BY trade_date");
            command.Parameters.Add(new() { Value = ticker });
            command.Parameters.Add(new() { Value = from });
            command.Parameters.Add(new() { Value = to });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        });

        var (p50, p95, sqlP95) = (Percentiles.Of(api, 0.50), Percentiles.Of(api, 0.95), Percentiles.Of(sql, 0.95));
        return new ReportRow(
            $"One month of one ticker ({ticker}, {from:yyyy-MM}) via GET /api/quotes/{{ticker}}, a year loaded, {requests} requests",
            $"p50 {p50:N2} ms, p95 {p95:N2} ms",
            $"the same rows by SQL: p95 {sqlP95:N2} ms",
            p95 / sqlP95,
            Target,
            p95 <= 5);
    }

    /// <summary>The same month adjusted for splits and cash, once a year of daily snapshots is recorded.</summary>
    public async Task<ReportRow> RunAdjustedAsync(int year, int requests)
    {
        const string measure = "One month of one ticker, adjusted=total, after a year of corporate-actions snapshots";
        var (ticker, from, to) = await MonthOfTheBusiestTickerAsync(year);
        using var http = Client();
        var traded = $"/api/quotes/{ticker}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var adjusted = traded + "&adjusted=total";
        if (await UnavailableAsync(http, adjusted, measure) is { } unavailable)
        {
            return unavailable;
        }

        var (rows, lastDay, medianDay) = await new CorporateActionsHistory(environment).WriteAsync(year, ticker);
        var events = await environment.ScalarAsync<long>($"SELECT count(*) FROM b3.corporate_events WHERE ticker = '{ticker}'");
        var adjustedTimes = await TimeAsync(requests, Pace, () => GetAsync(http, adjusted));
        var tradedTimes = await TimeAsync(requests, Pace, () => GetAsync(http, traded));

        var (p50, p95, tradedP95) = (Percentiles.Of(adjustedTimes, 0.50), Percentiles.Of(adjustedTimes, 0.95), Percentiles.Of(tradedTimes, 0.95));
        return new ReportRow(
            $"{measure} ({rows:N0} rows; {ticker}: {events} events), {requests} requests",
            $"p50 {p50:N2} ms, p95 {p95:N2} ms",
            $"the same month as traded: p95 {tradedP95:N2} ms",
            p95 / tradedP95,
            Target,
            p95 <= 5,
            $"Each snapshot repeats every event ({CorporateActionsHistory.EventsPerTicker} per cash-market ticker, " +
            $"{CorporateActionsHistory.EventsOfTheMeasuredTicker} for {ticker}); recording a day's snapshot into " +
            $"b3.reported_corporate_events took {medianDay.TotalMilliseconds:N0} ms on the median day, " +
            $"{lastDay.TotalMilliseconds:N0} ms on the last.");
    }

    private async Task<(string Ticker, DateOnly From, DateOnly To)> MonthOfTheBusiestTickerAsync(int year)
    {
        var from = await environment.ScalarAsync<DateOnly>(
            $"SELECT (date_trunc('month', max(trade_date)) - interval '1 month')::date FROM b3.daily_summary WHERE trade_date BETWEEN '{year}-01-01' AND '{year}-12-31'");
        var to = from.AddMonths(1).AddDays(-1);
        var ticker = await environment.ScalarAsync<string>(
            $"SELECT ticker FROM b3.daily_summary WHERE trade_date BETWEEN '{from:yyyy-MM-dd}' AND '{to:yyyy-MM-dd}' GROUP BY ticker ORDER BY count(*) DESC, ticker LIMIT 1");
        return (ticker, from, to);
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = environment.WebhookApi.Url, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", environment.ApiKey);
        return http;
    }

    private static async Task<ReportRow?> UnavailableAsync(HttpClient http, string path, string measure)
    {
        using var probe = await http.GetAsync(path);
        return probe.StatusCode == HttpStatusCode.OK
            ? null
            : ReportRow.NotAvailable(measure, Target, $"GET {path} answered {(int)probe.StatusCode}: the query API is not in this build of B3.WebhookApi");
    }

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<List<double>> TimeAsync(int count, TimeSpan pace, Func<Task> call)
    {
        var samples = new List<double>(count);
        for (var i = -WarmUp; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (i >= 0)
            {
                samples.Add(elapsed.TotalMilliseconds);
            }

            if (pace > elapsed)
            {
                await Task.Delay(pace - elapsed);
            }
        }

        return samples;
    }
}
