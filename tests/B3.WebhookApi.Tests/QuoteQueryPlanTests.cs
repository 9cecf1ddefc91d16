extern alias processor;

using System.Text.Json;
using B3.Core.Calendar;
using B3.Core.Database;
using B3.Core.Datasets;
using B3.Testing;
using B3.WebhookApi.Queries;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using processor::B3.Processor.Refining;

namespace B3.WebhookApi.Tests;

/// <summary>A year of quotes of 300 tickers (75,000 rows), loaded and refined, in a database of this class's own.</summary>
public sealed class YearOfQuotesFixture : B3Fixture
{
    public const int Tickers = 300;
    public static readonly DateOnly First = new(2023, 1, 1);
    public static readonly DateOnly Last = new(2023, 12, 31);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await SchemaMigration.MigrateAsync(ConnectionString, ct);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO b3.daily_quotes (trade_date, ticker, market_type, term_days, open, high, low, average, close,
                                         trade_count, quantity, volume, quote_factor, object_key, etag)
            SELECT d, 'TK' || lpad(t::text, 3, '0') || '3', 10, 0, p - 0.1, p + 0.2, p - 0.3, p, p, 100 + t, 1000 * t, 1000 * t * p, 1,
                   'b3/cotahist/2023.zip', 'test'
            FROM unnest($1::date[]) WITH ORDINALITY AS day (d, n),
                 generate_series(1, {Tickers}) AS t,
                 LATERAL (SELECT round(10 + t / 10.0 + (n % 17) * 0.07, 2) AS p) price
            """, connection))
        {
            insert.Parameters.Add(new() { Value = TradingCalendar.B3.TradingDays(First, Last).ToArray() });
            await insert.ExecuteNonQueryAsync(ct);
        }

        await new RefinedLayer().RefreshAsync(connection, Dataset.Cotahist, First, Last, ct);
        await MarketData.Execute(connection, "ANALYZE b3.daily_quotes; ANALYZE b3.daily_summary", ct);
    }
}

public sealed class QuoteQueryPlanTests(YearOfQuotesFixture fixture) : IClassFixture<YearOfQuotesFixture>
{
    [Theory]
    [InlineData(MarketDataQueries.BarsSql)]
    [InlineData(MarketDataQueries.BarCountSql)]
    public async Task AMonthOfOneTickerIsReadFromTheIndexNotAScanOfTheYear(string sql)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        Assert.Equal(
            TradingCalendar.B3.TradingDays(YearOfQuotesFixture.First, YearOfQuotesFixture.Last).Count() * YearOfQuotesFixture.Tickers,
            await CountAsync(connection, "SELECT count(*) FROM b3.daily_summary", ct));

        // The statement the API runs for GET /api/quotes/TK1503?from=2023-06-01&to=2023-06-30, with its parameters.
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", connection);
        explain.Parameters.Add(new() { Value = "TK1503" });
        explain.Parameters.Add(new() { Value = new DateOnly(2023, 6, 1) });
        explain.Parameters.Add(new() { Value = new DateOnly(2023, 6, 30) });
        if (sql.Contains("LIMIT", StringComparison.Ordinal))
        {
            explain.Parameters.Add(new() { Value = PageRequest.DefaultSize });
            explain.Parameters.Add(new() { Value = 0 });
        }

        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(ct))!);
        var nodes = Flatten(plan.RootElement[0].GetProperty("Plan")).ToList();

        var summaryNodes = nodes.Where(n => n.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "daily_summary").ToList();
        var scan = Assert.Single(summaryNodes);
        Assert.Contains(scan.GetProperty("Node Type").GetString(), new[] { "Index Scan", "Index Only Scan", "Bitmap Heap Scan" });
        Assert.Contains(nodes, n => n.TryGetProperty("Index Name", out var index) && index.GetString() == "daily_summary_by_ticker");
        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
        // June 2023 has 21 trading days; nothing else of the year is read.
        Assert.Equal(21, scan.GetProperty("Actual Rows").GetInt64());
        Assert.False(scan.TryGetProperty("Rows Removed by Filter", out var removed) && removed.GetInt64() > 0);
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? children.EnumerateArray().SelectMany(Flatten).Prepend(node)
            : [node];

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
