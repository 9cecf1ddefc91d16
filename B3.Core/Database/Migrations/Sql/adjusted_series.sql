-- Adjusted price series from B3's corporate events (b3-corporate-actions.md §3–§6).
-- b3.corporate_actions keeps every daily snapshot as B3 sent it, b3.reported_corporate_events each event once; these
-- views read the events out of the latter.

-- The product of numerics, rounded at each step so that a ticker's thirty years of factors stay a short number.
CREATE FUNCTION b3.multiply_rounded(numeric, numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN round($1 * $2, 16);

-- No initial value: the product of no rows is null, like sum's.
CREATE AGGREGATE b3.product(numeric) (SFUNC = b3.multiply_rounded, STYPE = numeric);

-- Keeps b3.reported_corporate_events current after the snapshots of [from_date, to_date] were (re)loaded: each distinct
-- event once, its source the first snapshot that reported it. Snapshots repeat most events day after day, so a new
-- day adds only what is new. A reloaded day may have dropped events it first reported; those issuers' events are
-- counted again from every stored snapshot.
CREATE FUNCTION b3.record_reported_events(from_date date, to_date date) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    recounted text[];
BEGIN
    WITH forgotten AS (
        DELETE FROM b3.reported_corporate_events
        WHERE first_reported BETWEEN from_date AND to_date
        RETURNING issuing_company
    )
    SELECT array_agg(DISTINCT issuing_company) INTO recounted FROM forgotten;

    INSERT INTO b3.reported_corporate_events AS r (
        ticker, ex_date, kind, label, factor, share_multiplier, cash_amount, sized, issuing_company, isin, approved_on,
        last_date_prior, payment_date, related_to, source, first_reported, object_key, etag)
    SELECT ticker, ex_date, kind, label, factor, share_multiplier, cash_amount, sized, issuing_company, isin, approved_on,
           last_date_prior, payment_date, related_to, source,
           min(report_date), (array_agg(object_key ORDER BY report_date))[1], (array_agg(etag ORDER BY report_date))[1]
    FROM b3.corporate_actions
    WHERE report_date BETWEEN from_date AND to_date OR issuing_company = ANY (recounted)
    GROUP BY ticker, ex_date, kind, label, factor, share_multiplier, cash_amount, sized, issuing_company, isin, approved_on,
             last_date_prior, payment_date, related_to, source
    ON CONFLICT (ticker, ex_date, kind, label, factor, share_multiplier, cash_amount, sized, issuing_company, isin,
                 approved_on, last_date_prior, payment_date, related_to, source)
    DO UPDATE SET first_reported = excluded.first_reported, object_key = excluded.object_key, etag = excluded.etag
    WHERE excluded.first_reported < r.first_reported;
END
$$;

-- Each event once. A row counts only for the ISIN its ticker traded under at the last session before the ex date
-- (B3 repeats an event under every ISIN the issuer ever had, §5); rows of the cash history name a share class, not an
-- ISIN. Identical rows (the same event in several snapshots, in the supplement and the cash history, or twice in one
-- page) are one event in b3.reported_corporate_events: the earliest snapshot that reported it is its source.
CREATE VIEW b3.corporate_events AS
SELECT DISTINCT ON (a.ticker, a.ex_date, a.kind, a.label, coalesce(a.share_multiplier, a.factor), a.cash_amount)
       a.ticker, a.ex_date, a.kind, a.label, a.factor, a.share_multiplier, a.cash_amount, a.sized,
       a.issuing_company, a.isin, a.approved_on, a.last_date_prior, a.payment_date, a.related_to,
       com.trade_date AS com_session, com.close AS close_before_ex,
       a.source, a.first_reported, a.object_key
FROM b3.reported_corporate_events a
-- The last session com within a year of the ex date: the bound lets PostgreSQL read one or two yearly partitions of
-- daily_quotes instead of forty. A ticker idle for that year has no close before the ex date: its cash event is then
-- not applied, and b3.adjustment_warnings says so (one older than the ticker's first quote has no price to adjust).
LEFT JOIN LATERAL (
    SELECT q.trade_date, q.close, q.isin
    FROM b3.daily_quotes q
    WHERE q.ticker = a.ticker AND q.trade_date < a.ex_date AND q.trade_date >= a.ex_date - 366 AND q.market_type = 10
    ORDER BY q.trade_date DESC
    LIMIT 1
) com ON true
WHERE a.ticker IS NOT NULL AND (a.isin IS NULL OR com.isin IS NULL OR com.isin = a.isin)
ORDER BY a.ticker, a.ex_date, a.kind, a.label, coalesce(a.share_multiplier, a.factor), a.cash_amount,
         a.isin IS NULL, a.first_reported, a.source DESC;

-- Per ticker and ex date, what a price before that date is multiplied by: 1 / (share multiplier) for splits, reverse
-- splits and bonus shares; times (P − D) / P for cash, P the close before the ex date and D the BRL per share (JCP gross).
-- An unsized event or a cash amount that P cannot carry is not applied; b3.adjustment_warnings reports it.
CREATE VIEW b3.adjustment_factors AS
WITH per_day AS (
    SELECT ticker, ex_date,
           b3.product(share_multiplier) FILTER (WHERE kind <> 'cash' AND sized) AS share_multiplier,
           sum(cash_amount) FILTER (WHERE kind = 'cash') AS cash_amount,
           max(close_before_ex) AS close_before_ex,
           bool_or(NOT sized) AS has_unsized
    FROM b3.corporate_events
    GROUP BY ticker, ex_date
)
SELECT ticker, ex_date, share_multiplier, cash_amount, close_before_ex, has_unsized,
       round(1 / coalesce(share_multiplier, 1), 16) AS split_factor,
       round(1 / coalesce(share_multiplier, 1)
             * CASE WHEN cash_amount > 0 AND close_before_ex > cash_amount
                    THEN (close_before_ex - cash_amount) / close_before_ex
                    ELSE 1 END, 16) AS total_factor
FROM per_day
WHERE share_multiplier > 0 OR share_multiplier IS NULL;

-- The backward cumulative factors as periods: a close of a day in [valid_from, valid_until) is multiplied by the
-- factors of every ex date from valid_until on. valid_from is null for the first period; a day on or after a ticker's
-- last ex date has no period (factor 1).
CREATE VIEW b3.adjustment_periods AS
SELECT ticker,
       lag(ex_date) OVER (PARTITION BY ticker ORDER BY ex_date) AS valid_from,
       ex_date AS valid_until,
       b3.product(split_factor) OVER later AS split_factor,
       b3.product(total_factor) OVER later AS total_factor
FROM b3.adjustment_factors
WINDOW later AS (PARTITION BY ticker ORDER BY ex_date DESC);

-- A ticker's closes with their factors, for psql and notebooks: close × split_factor, or × total_factor.
CREATE FUNCTION b3.adjusted_closes(ticker text, from_date date, to_date date)
    RETURNS TABLE (trade_date date, close numeric, split_factor numeric, total_factor numeric)
    LANGUAGE sql STABLE
    -- A quoted body, not BEGIN ATOMIC: Npgsql splits a command's statements at semicolons.
    AS $$
    SELECT s.trade_date, s.close, coalesce(p.split_factor, 1), coalesce(p.total_factor, 1)
    FROM b3.daily_summary s
    LEFT JOIN b3.adjustment_periods p
           ON p.ticker = $1 AND s.trade_date < p.valid_until AND (p.valid_from IS NULL OR s.trade_date >= p.valid_from)
    WHERE s.ticker = $1 AND s.trade_date BETWEEN $2 AND $3
    ORDER BY s.trade_date
$$;

-- Where the adjusted series cannot be trusted, rather than silently adjusted:
--   unsized_event           an event whose label does not say how to size it (CIS RED CAP, INCORPORACAO, …);
--   step_contradicts_event  on an ex date the close moved unlike the share events say (×2 split, price not halved);
--   unexplained_step        a close at least 50 % away from the previous one with no share event, beyond 3 ticks of
--                           R$ 0.01 (a missing event: B3's stockDividends is incomplete, §5);
--   cash_exceeds_price      a cash amount not below the close before its ex date;
--   cash_without_close      a cash event with earlier closes but none in the year before its ex date (a suspended
--                           ticker): there is no price to size it by.
-- A real move of 50 % in one session is rare enough to look at; a 3 % bonus is below what a step can show.
CREATE VIEW b3.adjustment_warnings AS
SELECT ticker, ex_date AS trade_date, 'unsized_event' AS warning,
       format('%s (factor %s) is not applied: its label does not say how to size it', label, factor) AS detail
FROM b3.corporate_events
WHERE NOT sized
UNION ALL
SELECT ticker, ex_date, 'cash_exceeds_price',
       format('R$ %s per share against a close of %s before the ex date: not applied', cash_amount, close_before_ex)
FROM b3.adjustment_factors
WHERE cash_amount >= close_before_ex
UNION ALL
SELECT f.ticker, f.ex_date, 'cash_without_close',
       format('R$ %s per share: no close in the year before the ex date to size it by: not applied', f.cash_amount)
FROM b3.adjustment_factors f
WHERE f.cash_amount > 0 AND f.close_before_ex IS NULL
  AND EXISTS (SELECT FROM b3.daily_summary s WHERE s.ticker = f.ticker AND s.trade_date < f.ex_date)
UNION ALL
SELECT steps.ticker, steps.trade_date,
       CASE WHEN f.share_multiplier IS NULL THEN 'unexplained_step' ELSE 'step_contradicts_event' END,
       format('close %s after %s on %s: ×%s%s', steps.close, steps.previous_close, steps.previous_date,
              round(steps.close / steps.previous_close, 4),
              CASE WHEN f.share_multiplier IS NULL THEN ', no share event explains it'
                   ELSE format(', the events multiply shares by %s', round(f.share_multiplier, 6)) END)
FROM (
    SELECT s.ticker, s.trade_date, s.close,
           lag(s.close) OVER w AS previous_close, lag(s.trade_date) OVER w AS previous_date
    FROM b3.daily_summary s
    WINDOW w AS (PARTITION BY s.ticker ORDER BY s.trade_date)
) steps
LEFT JOIN b3.adjustment_factors f
       ON f.ticker = steps.ticker AND f.ex_date > steps.previous_date AND f.ex_date <= steps.trade_date
      AND f.share_multiplier IS NOT NULL
WHERE steps.previous_close > 0 AND steps.close > 0
  AND (CASE WHEN f.share_multiplier IS NULL
            THEN abs(steps.close - steps.previous_close) > 0.03
                 AND (steps.close / steps.previous_close >= 1.5 OR steps.close / steps.previous_close <= 1 / 1.5)
            ELSE steps.close * f.share_multiplier / steps.previous_close >= 1.5
                 OR steps.close * f.share_multiplier / steps.previous_close <= 1 / 1.5
       END);
