-- Analysis views over the refined layer (issue 9), read by GET /api/sectors and /api/top and open to analysts in SQL.
-- A "sector" is what the instruments register says of a ticker: segment (SgmtNm), security category (SctyCtgyNm) and
-- corporate governance level (CorpGovnLvlNm). B3's files carry no economic sector for every ticker.

-- The register as of a date (latest report_date on or before it) is looked up per ticker.
CREATE INDEX instruments_by_ticker ON b3.instruments (ticker, report_date);

-- Each daily summary row with the register of the same date; a ticker missing from that day's register (or a day
-- whose register is not loaded) keeps its quotes with null attributes.
CREATE VIEW b3.daily_summary_with_instruments AS
SELECT s.trade_date,
       s.ticker,
       s.open,
       s.close,
       s.average_price,
       s.min_price,
       s.max_price,
       s.vol_financeiro_total,
       s.trade_count,
       s.qtd_acoes_negociadas,
       s.moving_average_7,
       i.segment,
       i.market,
       i.security_category,
       i.corporate_governance_level,
       i.corporation_name,
       i.isin,
       i.ticker IS NOT NULL AS in_register
FROM b3.daily_summary s
LEFT JOIN b3.instruments i ON i.report_date = s.trade_date AND i.ticker = s.ticker;

-- Totals per date and sector; volume_share is the sector's part of the day's financial volume, in percent.
CREATE VIEW b3.sector_daily_totals AS
SELECT trade_date,
       segment,
       security_category,
       corporate_governance_level,
       count(*)                                  AS ticker_count,
       sum(trade_count)::bigint                  AS trade_count,
       sum(qtd_acoes_negociadas)::bigint         AS qtd_acoes_negociadas,
       sum(vol_financeiro_total)                 AS vol_financeiro_total,
       100 * sum(vol_financeiro_total)
           / nullif(sum(sum(vol_financeiro_total)) OVER (PARTITION BY trade_date), 0) AS volume_share
FROM b3.daily_summary_with_instruments
GROUP BY trade_date, segment, security_category, corporate_governance_level;

-- Every ticker of a date ranked by financial volume (1 = largest; ties share a rank, the ticker breaks them in order):
-- the top N of a date is WHERE trade_date = … AND volume_rank <= N.
CREATE VIEW b3.daily_volume_ranking AS
SELECT rank() OVER (PARTITION BY trade_date ORDER BY vol_financeiro_total DESC) AS volume_rank,
       *
FROM b3.daily_summary_with_instruments;
