-- Market-data tables the Processor loads (DESIGN.md §7), and the quarantine of rejected rows.
-- Every loaded row carries the object key and ETag of the file it came from; a file's rows replace that file's
-- previous rows for its date. Prices and volumes are exact numerics, counts bigint, B3's codes raw text.

-- InstrumentsConsolidatedFile (b3-data-formats.md §3), one column per B3 column.
CREATE TABLE b3.instruments (
    report_date                   date        NOT NULL,  -- RptDt
    ticker                        text        NOT NULL,  -- TckrSymb
    asset                         text        NULL,      -- Asst
    asset_description             text        NULL,      -- AsstDesc
    segment                       text        NULL,      -- SgmtNm
    market                        text        NULL,      -- MktNm
    security_category             text        NULL,      -- SctyCtgyNm
    expiration_date               date        NULL,      -- XprtnDt
    expiration_code               text        NULL,      -- XprtnCd
    trading_start_date            date        NULL,      -- TradgStartDt (9999-12-31 stored as null)
    trading_end_date              date        NULL,      -- TradgEndDt (9999-12-31 stored as null)
    base_code                     text        NULL,      -- BaseCd
    conversion_criteria           text        NULL,      -- ConvsCritNm
    maturity_target_points        numeric     NULL,      -- MtrtyDtTrgtPt
    required_conversion_indicator boolean     NULL,      -- ReqrdConvsInd
    isin                          text        NULL,      -- ISIN
    cfi_code                      text        NULL,      -- CFICd
    delivery_notice_start_date    date        NULL,      -- DlvryNtceStartDt
    delivery_notice_end_date      date        NULL,      -- DlvryNtceEndDt
    option_type                   text        NULL,      -- OptnTp
    contract_multiplier           numeric     NULL,      -- CtrctMltplr
    asset_quotation_quantity      numeric     NULL,      -- AsstQtnQty
    allocation_round_lot          bigint      NULL,      -- AllcnRndLot
    trading_currency              text        NULL,      -- TradgCcy
    delivery_type                 text        NULL,      -- DlvryTpNm
    withdrawal_days               integer     NULL,      -- WdrwlDays
    working_days                  integer     NULL,      -- WrkgDays
    calendar_days                 integer     NULL,      -- ClnrDays
    rollover_base_price           text        NULL,      -- RlvrBasePricNm
    opening_future_position_days  integer     NULL,      -- OpngFutrPosDay
    side_type_code_1              text        NULL,      -- SdTpCd1
    underlying_ticker_1           text        NULL,      -- UndrlygTckrSymb1
    side_type_code_2              text        NULL,      -- SdTpCd2
    underlying_ticker_2           text        NULL,      -- UndrlygTckrSymb2
    pure_gold_weight              numeric     NULL,      -- PureGoldWght
    exercise_price                numeric     NULL,      -- ExrcPric
    option_style                  text        NULL,      -- OptnStyle
    value_type                    text        NULL,      -- ValTpNm
    premium_upfront_indicator     boolean     NULL,      -- PrmUpfrntInd
    opening_position_limit_date   date        NULL,      -- OpngPosLmtDt
    distribution_id               integer     NULL,      -- DstrbtnId
    price_factor                  integer     NULL,      -- PricFctr
    days_to_settlement            integer     NULL,      -- DaysToSttlm
    series_type                   text        NULL,      -- SrsTpNm
    protection_flag               boolean     NULL,      -- PrtcnFlg
    automatic_exercise_indicator  boolean     NULL,      -- AutomtcExrcInd
    specification_code            text        NULL,      -- SpcfctnCd (keeps its internal padding)
    corporation_name              text        NULL,      -- CrpnNm
    corporate_action_start_date   date        NULL,      -- CorpActnStartDt (9999-12-31 stored as null)
    custody_treatment_type        text        NULL,      -- CtdyTrtmntTpNm
    market_capitalisation         numeric     NULL,      -- MktCptlstn
    corporate_governance_level    text        NULL,      -- CorpGovnLvlNm
    standard_trading_lot          bigint      NULL,      -- StdTradgLot (53rd column of some 2026 files)
    object_key                    text        NOT NULL,
    etag                          text        NOT NULL,
    CONSTRAINT instruments_pkey PRIMARY KEY (report_date, ticker)
);

CREATE INDEX instruments_by_object_key ON b3.instruments (object_key);

-- TradeInformationConsolidatedFile, 15- and 12-column layouts (§4), and the BDI ConsolidatedTradesEquities export
-- (§5.3): a column a layout lacks stays null.
CREATE TABLE b3.trades (
    report_date            date    NOT NULL,  -- RptDt
    ticker                 text    NOT NULL,  -- TckrSymb
    isin                   text    NULL,      -- ISIN
    segment                text    NULL,      -- SgmtNm
    market                 text    NULL,      -- BDI export only
    open_price             numeric NULL,      -- OpenPric, BDI export only
    min_price              numeric NULL,      -- MinPric
    max_price              numeric NULL,      -- MaxPric
    average_price          numeric NULL,      -- TradAvrgPric
    last_price             numeric NULL,      -- LastPric
    oscillation_percentage numeric NULL,      -- OscnPctg (Osc in the BDI export); 15-column layout only
    settlement_price       numeric NULL,      -- AdjstdQt: futures settlement price
    settlement_rate        numeric NULL,      -- AdjstdQtTax; 15-column layout only
    reference_price        numeric NULL,      -- RefPric
    trade_count            bigint  NULL,      -- TradQty
    quantity               bigint  NULL,      -- FinInstrmQty
    financial_volume       numeric NULL,      -- NtlFinVol (BRL); 15-column layout only
    object_key             text    NOT NULL,
    etag                   text    NOT NULL,
    CONSTRAINT trades_pkey PRIMARY KEY (report_date, ticker)
);

CREATE INDEX trades_by_object_key ON b3.trades (object_key);

-- COTAHIST quote records (§7.5). Prices are unit prices: the stated price with its implied decimals, divided by
-- quote_factor (FATCOT). A blank PRAZOT is term_days 0, so the natural key has no nulls.
CREATE TABLE b3.daily_quotes (
    trade_date          date     NOT NULL,  -- DATA DO PREGAO
    ticker              text     NOT NULL,  -- CODNEG
    market_type         integer  NOT NULL,  -- TPMERC (raw code: 10 cash, 70 calls, 80 puts, ...)
    term_days           integer  NOT NULL,  -- PRAZOT (forward market term)
    bdi_code            text     NULL,      -- CODBDI (raw code, e.g. '02')
    short_name          text     NULL,      -- NOMRES
    specification       text     NULL,      -- ESPECI
    currency            text     NULL,      -- MODREF
    open                numeric  NULL,      -- PREABE
    high                numeric  NULL,      -- PREMAX
    low                 numeric  NULL,      -- PREMIN
    average             numeric  NULL,      -- PREMED
    close               numeric  NULL,      -- PREULT
    best_bid            numeric  NULL,      -- PREOFC
    best_ask            numeric  NULL,      -- PREOFV
    trade_count         bigint   NULL,      -- TOTNEG
    quantity            bigint   NULL,      -- QUATOT
    volume              numeric  NULL,      -- VOLTOT (not divided by FATCOT: it is money)
    strike              numeric  NULL,      -- PREEXE
    strike_correction   integer  NULL,      -- INDOPC
    expiration_date     date     NULL,      -- DATVEN (99991231 stored as null)
    quote_factor        integer  NULL,      -- FATCOT
    strike_points       numeric  NULL,      -- PTOEXE
    isin                text     NULL,      -- CODISI
    distribution_number integer  NULL,      -- DISMES
    object_key          text     NOT NULL,
    etag                text     NOT NULL,
    CONSTRAINT daily_quotes_pkey PRIMARY KEY (trade_date, ticker, market_type, term_days)
) PARTITION BY RANGE (trade_date);

-- One partition per year of COTAHIST history (1986 on) and some years ahead; the default catches anything else.
DO $$
BEGIN
    FOR y IN 1986..2030 LOOP
        EXECUTE format(
            'CREATE TABLE b3.daily_quotes_%s PARTITION OF b3.daily_quotes FOR VALUES FROM (%L) TO (%L)',
            y, make_date(y, 1, 1), make_date(y + 1, 1, 1));
    END LOOP;
END
$$;

CREATE TABLE b3.daily_quotes_default PARTITION OF b3.daily_quotes DEFAULT;

CREATE INDEX daily_quotes_by_object_key ON b3.daily_quotes (object_key);
CREATE INDEX daily_quotes_by_ticker ON b3.daily_quotes (ticker, trade_date);

-- Index theoretical portfolios (GetPortfolioDay, §11); reductor is the portfolio's, repeated on each member.
CREATE TABLE b3.index_composition (
    report_date          date    NOT NULL,
    index_code           text    NOT NULL,  -- IBOV
    ticker               text    NOT NULL,  -- cod
    asset                text    NULL,      -- asset (short company name)
    type                 text    NULL,      -- type (share class and listing segment)
    economic_segment     text    NULL,      -- segment (only in the grouped-by-segment view)
    participation        numeric NULL,      -- part, in percent
    theoretical_quantity numeric NULL,      -- theoricalQty
    reductor             numeric NULL,      -- header.reductor
    object_key           text    NOT NULL,
    etag                 text    NOT NULL,
    CONSTRAINT index_composition_pkey PRIMARY KEY (report_date, index_code, ticker)
);

CREATE INDEX index_composition_by_object_key ON b3.index_composition (object_key);

-- Rows a parser rejected, with what a person needs to fix or replay them.
CREATE TABLE b3.quarantine (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object_key   text        NOT NULL,
    etag         text        NOT NULL,
    line_number  bigint      NOT NULL,             -- 1-based line (COTAHIST record, JSON row) in the file
    raw_line     text        NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX quarantine_by_object_key ON b3.quarantine (object_key, etag);
