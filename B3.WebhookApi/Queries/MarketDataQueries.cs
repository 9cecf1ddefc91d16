using B3.WebhookApi.Model;
using Npgsql;
using NpgsqlTypes;
using static B3.WebhookApi.Queries.SqlValues;

namespace B3.WebhookApi.Queries;

/// <summary>The refined layer as the query API reads it: daily bars, the register as of a date, sectors, top tickers.</summary>
public sealed class MarketDataQueries(QueryDatabase database)
{
    /// <summary>One page of a ticker's bars in a date range: a range scan of index <c>daily_summary_by_ticker</c>.</summary>
    public const string BarsSql = $"""
        SELECT {BarColumns}
        FROM b3.daily_summary
        WHERE ticker = $1 AND trade_date BETWEEN $2 AND $3
        ORDER BY trade_date
        LIMIT $4 OFFSET $5
        """;

    /// <summary>
    /// The same page with each close times the backward cumulative factor of the events after it
    /// (<c>b3.adjustment_periods</c>): $6 true for splits, reverse splits and bonus shares only, false for cash events too.
    /// The ticker's periods are computed once (<c>MATERIALIZED</c>): joined directly, PostgreSQL's generic plan of the
    /// prepared statement recomputed their window functions for every bar.
    /// </summary>
    public const string AdjustedBarsSql = $"""
        WITH p AS MATERIALIZED (SELECT * FROM b3.adjustment_periods WHERE ticker = $1)
        SELECT {BarColumns}, round(close * a.factor, 6), round(a.factor, 12)
        FROM b3.daily_summary s
        LEFT JOIN p ON s.trade_date < p.valid_until AND (p.valid_from IS NULL OR s.trade_date >= p.valid_from)
        CROSS JOIN LATERAL (SELECT coalesce(CASE WHEN $6 THEN p.split_factor ELSE p.total_factor END, 1) AS factor) a
        WHERE s.ticker = $1 AND trade_date BETWEEN $2 AND $3
        ORDER BY trade_date
        LIMIT $4 OFFSET $5
        """;

    private const string BarColumns = """
        trade_date, open, max_price, min_price, close, round(average_price, 6),
               vol_financeiro_total, qtd_acoes_negociadas, trade_count, round(moving_average_7, 6),
               weekday, days_since_year_start, days_to_year_end, is_month_start, quarter
        """;

    public const string BarCountSql = "SELECT count(*) FROM b3.daily_summary WHERE ticker = $1 AND trade_date BETWEEN $2 AND $3";

    /// <summary>Where the adjusted close follows the bar's own columns in <see cref="AdjustedBarsSql"/>.</summary>
    private const int AdjustedCloseColumn = 15;

    private const string KnownTickerSql = "SELECT EXISTS (SELECT 1 FROM b3.daily_summary WHERE ticker = $1)";

    private const string InstrumentSql = """
        SELECT report_date, asset, asset_description, segment, market, security_category, isin, cfi_code, specification_code,
               corporation_name, corporate_governance_level, trading_currency, allocation_round_lot, price_factor,
               trading_start_date, trading_end_date, expiration_date, exercise_price, option_type, option_style,
               market_capitalisation, custody_treatment_type
        FROM b3.instruments
        WHERE ticker = $1 AND report_date <= $2
        ORDER BY report_date DESC
        LIMIT 1
        """;

    /// <summary>A ticker's events, each once (<c>b3.corporate_events</c>), with the factors of their ex dates.</summary>
    private const string CorporateActionsSql = """
        SELECT e.ex_date, e.last_date_prior, e.approved_on, e.payment_date, e.kind, e.label, e.factor, e.share_multiplier,
               e.cash_amount, e.sized, e.isin, e.close_before_ex, round(f.split_factor, 12), round(f.total_factor, 12),
               e.source, e.first_reported, e.related_to
        FROM b3.corporate_events e
        LEFT JOIN b3.adjustment_factors f ON f.ticker = e.ticker AND f.ex_date = e.ex_date
        WHERE e.ticker = $1
        ORDER BY e.ex_date, e.kind, e.label
        """;

    private const string LatestDateSql = "SELECT max(trade_date) FROM b3.daily_summary";

    private const string SectorsSql = """
        SELECT segment, security_category, corporate_governance_level, ticker_count, trade_count, qtd_acoes_negociadas,
               vol_financeiro_total, round(volume_share, 4)
        FROM b3.sector_daily_totals
        WHERE trade_date = $1
        ORDER BY vol_financeiro_total DESC, segment, security_category, corporate_governance_level
        """;

    private const string TopSql = """
        SELECT volume_rank, ticker, vol_financeiro_total, trade_count, qtd_acoes_negociadas, close,
               segment, security_category, corporate_governance_level, corporation_name
        FROM b3.daily_volume_ranking
        WHERE trade_date = $1 AND volume_rank <= $2
        ORDER BY volume_rank, ticker
        LIMIT $2
        """;

    /// <summary>Null when the refined layer has no row of the ticker at all.</summary>
    public async Task<(List<QuoteBar> Bars, long Total)?> BarsAsync(
        string ticker, DateOnly from, DateOnly to, PageRequest page, PriceAdjustment adjustment, CancellationToken cancellationToken)
    {
        var range = new[] { Text(ticker), Date(from), Date(to) };
        var total = await database.ScalarAsync<long>(BarCountSql, range, cancellationToken);
        if (total == 0 && !await database.ScalarAsync<bool>(KnownTickerSql, [Text(ticker)], cancellationToken))
        {
            return null;
        }

        NpgsqlParameter[] parameters = [.. range, Integer(page.Size), Integer(page.Offset)];
        var bars = total <= page.Offset ? []
            : adjustment == PriceAdjustment.None ? await database.ListAsync(BarsSql, parameters, ReadBar, cancellationToken)
            : await database.ListAsync(
                AdjustedBarsSql,
                [.. parameters, new NpgsqlParameter { Value = adjustment == PriceAdjustment.Splits, NpgsqlDbType = NpgsqlDbType.Boolean }],
                r => ReadBar(r) with { AdjustedClose = GetValue<decimal>(r, AdjustedCloseColumn), AdjustmentFactor = GetValue<decimal>(r, AdjustedCloseColumn + 1) },
                cancellationToken);
        return (bars, total);
    }

    public async Task<Instrument?> InstrumentAsync(string ticker, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await database.ListAsync(InstrumentSql, [Text(ticker), Date(asOf)], r => new Instrument(
            ticker,
            asOf,
            r.GetFieldValue<DateOnly>(0),
            Get<string>(r, 1),
            Get<string>(r, 2),
            Get<string>(r, 3),
            Get<string>(r, 4),
            Get<string>(r, 5),
            Get<string>(r, 6),
            Get<string>(r, 7),
            Get<string>(r, 8),
            Get<string>(r, 9),
            Get<string>(r, 10),
            Get<string>(r, 11),
            GetValue<long>(r, 12),
            GetValue<int>(r, 13),
            GetValue<DateOnly>(r, 14),
            GetValue<DateOnly>(r, 15),
            GetValue<DateOnly>(r, 16),
            GetValue<decimal>(r, 17),
            Get<string>(r, 18),
            Get<string>(r, 19),
            GetValue<decimal>(r, 20),
            Get<string>(r, 21)), cancellationToken);
        return rows.FirstOrDefault();
    }

    /// <summary>Null when the ticker has neither events nor bars.</summary>
    public async Task<List<CorporateAction>?> CorporateActionsAsync(string ticker, CancellationToken cancellationToken)
    {
        var actions = await database.ListAsync(CorporateActionsSql, [Text(ticker)], r => new CorporateAction(
            r.GetFieldValue<DateOnly>(0),
            r.GetFieldValue<DateOnly>(1),
            GetValue<DateOnly>(r, 2),
            GetValue<DateOnly>(r, 3),
            r.GetString(4),
            r.GetString(5),
            GetValue<decimal>(r, 6),
            GetValue<decimal>(r, 7),
            GetValue<decimal>(r, 8),
            r.GetBoolean(9),
            Get<string>(r, 10),
            GetValue<decimal>(r, 11),
            GetValue<decimal>(r, 12),
            GetValue<decimal>(r, 13),
            r.GetString(14),
            r.GetFieldValue<DateOnly>(15),
            Get<string>(r, 16)), cancellationToken);
        return actions.Count > 0 || await database.ScalarAsync<bool>(KnownTickerSql, [Text(ticker)], cancellationToken) ? actions : null;
    }

    /// <summary>The last trading day the refined layer holds; null when it is empty.</summary>
    public async Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) =>
        (await database.ListAsync(LatestDateSql, [], r => GetValue<DateOnly>(r, 0), cancellationToken)).Single();

    public Task<List<SectorTotals>> SectorsAsync(DateOnly date, CancellationToken cancellationToken) =>
        database.ListAsync(SectorsSql, [Date(date)], r => new SectorTotals(
            Get<string>(r, 0),
            Get<string>(r, 1),
            Get<string>(r, 2),
            (int)r.GetInt64(3),
            r.GetInt64(4),
            r.GetInt64(5),
            r.GetDecimal(6),
            GetValue<decimal>(r, 7)), cancellationToken);

    public Task<List<RankedTicker>> TopAsync(DateOnly date, int n, CancellationToken cancellationToken) =>
        database.ListAsync(TopSql, [Date(date), new NpgsqlParameter { Value = (long)n, NpgsqlDbType = NpgsqlDbType.Bigint }], r => new RankedTicker(
            (int)r.GetInt64(0),
            r.GetString(1),
            r.GetDecimal(2),
            r.GetInt64(3),
            r.GetInt64(4),
            GetValue<decimal>(r, 5),
            Get<string>(r, 6),
            Get<string>(r, 7),
            Get<string>(r, 8),
            Get<string>(r, 9)), cancellationToken);

    private static QuoteBar ReadBar(NpgsqlDataReader r) => new(
        r.GetFieldValue<DateOnly>(0),
        GetValue<decimal>(r, 1),
        GetValue<decimal>(r, 2),
        GetValue<decimal>(r, 3),
        GetValue<decimal>(r, 4),
        GetValue<decimal>(r, 5),
        r.GetDecimal(6),
        r.GetInt64(7),
        r.GetInt64(8),
        GetValue<decimal>(r, 9),
        r.GetInt16(10),
        r.GetInt16(11),
        r.GetInt16(12),
        r.GetBoolean(13),
        r.GetInt16(14));
}
