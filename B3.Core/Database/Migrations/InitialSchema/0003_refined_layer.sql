-- The refined layer (DESIGN.md §7): one row per cash-market ticker and trading day, refreshed by the Processor in
-- the same transaction that loads a COTAHIST file, so readers never see quotes and summary disagree.
-- Measures follow the seed's Glue job: sums of volume, trades and quantity; average, min and max price; two measures
-- renamed as the seed did (vol_financeiro_total = total financial volume in BRL, qtd_acoes_negociadas = total
-- shares traded); and date attributes. moving_average_7 is the mean close of the ticker's last 7 trading days.
CREATE TABLE b3.daily_summary (
    trade_date              date     NOT NULL,
    ticker                  text     NOT NULL,
    open                    numeric  NULL,
    close                   numeric  NULL,
    average_price           numeric  NULL,  -- volume / quantity (the day's VWAP); PREMED when nothing traded
    min_price               numeric  NULL,
    max_price               numeric  NULL,
    vol_financeiro_total    numeric  NOT NULL,
    trade_count             bigint   NOT NULL,
    qtd_acoes_negociadas    bigint   NOT NULL,
    weekday                 smallint NOT NULL,  -- ISO: 1 = Monday … 7 = Sunday
    days_since_year_start   smallint NOT NULL,  -- 0 on 1 January
    days_to_year_end        smallint NOT NULL,  -- 0 on 31 December
    is_month_start          boolean  NOT NULL,  -- day of month ≤ 5, as the seed defined it
    quarter                 smallint NOT NULL,
    moving_average_7        numeric  NULL,
    CONSTRAINT daily_summary_pkey PRIMARY KEY (trade_date, ticker)
);

-- Daily bars of one ticker over a date range are an index range scan.
CREATE INDEX daily_summary_by_ticker ON b3.daily_summary (ticker, trade_date);
