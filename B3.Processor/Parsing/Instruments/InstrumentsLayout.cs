using B3.Core.Formats;
using B3.Processor.Parsing.Common;
using B3.Processor.Parsing.Csv;

namespace B3.Processor.Parsing.Instruments;

/// <summary>
/// <c>b3.instruments</c>: InstrumentsConsolidatedFile, one column per B3 column (b3-data-formats.md §3.2, plus the
/// 53rd <c>StdTradgLot</c> one 2026 schema lists), and the BDI InstrumentsEquities export, which uses the same names.
/// </summary>
internal static class InstrumentsLayout
{
    private static readonly CsvColumn[] Columns =
    [
        new("report_date", ColumnType.Date, "RptDt"),
        new("ticker", ColumnType.Text, "TckrSymb"),
        new("asset", ColumnType.Text, "Asst"),
        new("asset_description", ColumnType.Text, "AsstDesc"),
        new("segment", ColumnType.Text, "SgmtNm"),
        new("market", ColumnType.Text, "MktNm"),
        new("security_category", ColumnType.Text, "SctyCtgyNm"),
        new("expiration_date", ColumnType.Date, "XprtnDt"),
        new("expiration_code", ColumnType.Text, "XprtnCd"),
        new("trading_start_date", ColumnType.Date, "TradgStartDt"),
        new("trading_end_date", ColumnType.Date, "TradgEndDt"),
        new("base_code", ColumnType.Text, "BaseCd"),
        new("conversion_criteria", ColumnType.Text, "ConvsCritNm"),
        new("maturity_target_points", ColumnType.Numeric, "MtrtyDtTrgtPt"),
        new("required_conversion_indicator", ColumnType.Boolean, "ReqrdConvsInd"),
        new("isin", ColumnType.Text, "ISIN"),
        new("cfi_code", ColumnType.Text, "CFICd"),
        new("delivery_notice_start_date", ColumnType.Date, "DlvryNtceStartDt"),
        new("delivery_notice_end_date", ColumnType.Date, "DlvryNtceEndDt"),
        new("option_type", ColumnType.Text, "OptnTp"),
        new("contract_multiplier", ColumnType.Numeric, "CtrctMltplr"),
        new("asset_quotation_quantity", ColumnType.Numeric, "AsstQtnQty"),
        new("allocation_round_lot", ColumnType.Bigint, "AllcnRndLot"),
        new("trading_currency", ColumnType.Text, "TradgCcy"),
        new("delivery_type", ColumnType.Text, "DlvryTpNm"),
        new("withdrawal_days", ColumnType.Integer, "WdrwlDays"),
        new("working_days", ColumnType.Integer, "WrkgDays"),
        new("calendar_days", ColumnType.Integer, "ClnrDays"),
        new("rollover_base_price", ColumnType.Text, "RlvrBasePricNm"),
        new("opening_future_position_days", ColumnType.Integer, "OpngFutrPosDay"),
        new("side_type_code_1", ColumnType.Text, "SdTpCd1"),
        new("underlying_ticker_1", ColumnType.Text, "UndrlygTckrSymb1"),
        new("side_type_code_2", ColumnType.Text, "SdTpCd2"),
        new("underlying_ticker_2", ColumnType.Text, "UndrlygTckrSymb2"),
        new("pure_gold_weight", ColumnType.Numeric, "PureGoldWght"),
        new("exercise_price", ColumnType.Numeric, "ExrcPric"),
        new("option_style", ColumnType.Text, "OptnStyle"),
        new("value_type", ColumnType.Text, "ValTpNm"),
        new("premium_upfront_indicator", ColumnType.Boolean, "PrmUpfrntInd"),
        new("opening_position_limit_date", ColumnType.Date, "OpngPosLmtDt"),
        new("distribution_id", ColumnType.Integer, "DstrbtnId"),
        new("price_factor", ColumnType.Integer, "PricFctr"),
        new("days_to_settlement", ColumnType.Integer, "DaysToSttlm"),
        new("series_type", ColumnType.Text, "SrsTpNm"),
        new("protection_flag", ColumnType.Boolean, "PrtcnFlg"),
        new("automatic_exercise_indicator", ColumnType.Boolean, "AutomtcExrcInd"),
        new("specification_code", ColumnType.Text, "SpcfctnCd"),
        new("corporation_name", ColumnType.Text, "CrpnNm"),
        new("corporate_action_start_date", ColumnType.Date, "CorpActnStartDt"),
        new("custody_treatment_type", ColumnType.Text, "CtdyTrtmntTpNm"),
        new("market_capitalisation", ColumnType.Numeric, "MktCptlstn"),
        new("corporate_governance_level", ColumnType.Text, "CorpGovnLvlNm"),
        new("standard_trading_lot", ColumnType.Bigint, "StdTradgLot"),
    ];

    public static TableSchema Schema { get; } = CsvColumn.Schema("b3.instruments", "report_date", Columns);

    private static RowRules Rules { get; } = new RowRules(Schema)
        .Required("report_date", "ticker")
        .NotNegative(["exercise_price"], exempt: MarketSegments.MayQuoteBelowZero(Schema))
        .NotNegative(["contract_multiplier", "allocation_round_lot", "price_factor"])
        .UniqueKey("ticker");

    public static CsvLayout Csv { get; } = new(B3CsvFile.Instruments, Columns, Rules);
}
