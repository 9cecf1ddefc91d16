using B3.Core.Datasets;
using Npgsql;

namespace B3.Processor.Refining;

/// <summary>
/// Refreshes what is derived from a loaded file, inside the file's load transaction: for COTAHIST, <c>b3.daily_summary</c>
/// of the dates the file covered; for a corporate-actions snapshot, <c>b3.reported_corporate_events</c>. The 7-day
/// moving average of a day depends on the six trading days before it: the loaded dates' averages are computed with
/// the days already summarized before them, and the weeks after the loaded dates are updated too.
/// </summary>
public sealed class RefinedLayer
{
    /// <summary>COTAHIST market type 010: the cash market (VISTA), one row per ticker and day, so open and close are that row's.</summary>
    private const int CashMarket = 10;

    /// <summary>Calendar days looked back for the six trading days before a date (holidays and gaps included).</summary>
    private const int LookbackDays = 90;

    /// <summary>Calendar days after the loaded dates whose moving averages can change (seven trading days and more).</summary>
    private const int LookaheadDays = 30;

    public Task RefreshAsync(NpgsqlConnection connection, Dataset dataset, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        RefreshAsync(connection, dataset, from, to, "b3.daily_quotes", cancellationToken);

    /// <param name="quotes">Where the loaded dates' quotes are: <c>b3.daily_quotes</c>, or the table that is about to replace its partition.</param>
    public async Task RefreshAsync(NpgsqlConnection connection, Dataset dataset, DateOnly from, DateOnly to, string quotes, CancellationToken cancellationToken)
    {
        if (dataset == Dataset.CorporateActions)
        {
            await ExecuteAsync(connection, "SELECT b3.record_reported_events($1, $2)", from, to, cancellationToken);
        }
        else if (dataset == Dataset.Cotahist)
        {
            await RefreshDailySummaryAsync(connection, from, to, quotes, cancellationToken);
        }
    }

    private static async Task RefreshDailySummaryAsync(NpgsqlConnection connection, DateOnly from, DateOnly to, string quotes, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "DELETE FROM b3.daily_summary WHERE trade_date BETWEEN $1 AND $2", from, to, cancellationToken);
        // The loaded dates' moving averages are computed as their rows are written, in one pass of the window over
        // their closes and the days before them (no join, so the plan does not hang on statistics of a table that
        // was just filled), not by updating every row afterwards: a yearly file would otherwise write its summary twice.
        await ExecuteAsync(connection, $"""
            INSERT INTO b3.daily_summary (
                trade_date, ticker, open, close, average_price, min_price, max_price,
                vol_financeiro_total, trade_count, qtd_acoes_negociadas,
                weekday, days_since_year_start, days_to_year_end, is_month_start, quarter, moving_average_7)
            WITH fresh AS (
                SELECT q.trade_date, q.ticker,
                       max(q.open) AS open, max(q.close) AS close,
                       coalesce(sum(q.volume) / nullif(sum(q.quantity), 0), avg(q.average)) AS average_price,
                       min(q.low) AS min_price, max(q.high) AS max_price,
                       coalesce(sum(q.volume), 0) AS vol_financeiro_total, coalesce(sum(q.trade_count), 0) AS trade_count,
                       coalesce(sum(q.quantity), 0) AS qtd_acoes_negociadas
                FROM {quotes} q
                WHERE q.trade_date BETWEEN $1 AND $2 AND q.market_type = {CashMarket}
                GROUP BY q.trade_date, q.ticker
            ), days AS (
                SELECT fresh.*, true AS loaded FROM fresh
                UNION ALL
                SELECT trade_date, ticker, NULL, close, NULL, NULL, NULL, NULL, NULL, NULL, false
                FROM b3.daily_summary
                WHERE trade_date BETWEEN $1::date - {LookbackDays} AND $1::date - 1
            ), averaged AS (
                SELECT days.*,
                       avg(close) OVER (PARTITION BY ticker ORDER BY trade_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS moving_average_7
                FROM days
            )
            SELECT trade_date, ticker, open, close, average_price, min_price, max_price,
                   vol_financeiro_total, trade_count, qtd_acoes_negociadas,
                   extract(isodow FROM trade_date),
                   trade_date - date_trunc('year', trade_date)::date,
                   (date_trunc('year', trade_date) + interval '1 year - 1 day')::date - trade_date,
                   extract(day FROM trade_date) <= 5,
                   extract(quarter FROM trade_date),
                   moving_average_7
            FROM averaged
            WHERE loaded
            """, from, to, cancellationToken);
        await ExecuteAsync(connection, $"""
            UPDATE b3.daily_summary s
            SET moving_average_7 = w.moving_average_7
            FROM (
                SELECT ticker, trade_date,
                       avg(close) OVER (PARTITION BY ticker ORDER BY trade_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS moving_average_7
                FROM b3.daily_summary
                WHERE trade_date BETWEEN $2::date - {LookbackDays} AND $2::date + {LookaheadDays}
            ) w
            WHERE s.ticker = w.ticker AND s.trade_date = w.trade_date
              AND s.trade_date BETWEEN $2::date + 1 AND $2::date + {LookaheadDays}
              AND s.moving_average_7 IS DISTINCT FROM w.moving_average_7
            """, from, to, cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new() { Value = from, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = to, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
