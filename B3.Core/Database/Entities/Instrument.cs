namespace B3.Core.Database.Entities;

/// <summary>A ticker's line of the instruments register of a date (<c>b3.instruments</c>), one property per B3 column.</summary>
public sealed class Instrument : LoadedRow
{
    public DateOnly ReportDate { get; set; }

    public required string Ticker { get; set; }

    public string? Asset { get; set; }

    public string? AssetDescription { get; set; }

    public string? Segment { get; set; }

    public string? Market { get; set; }

    public string? SecurityCategory { get; set; }

    public DateOnly? ExpirationDate { get; set; }

    public string? ExpirationCode { get; set; }

    public DateOnly? TradingStartDate { get; set; }

    public DateOnly? TradingEndDate { get; set; }

    public string? BaseCode { get; set; }

    public string? ConversionCriteria { get; set; }

    public decimal? MaturityTargetPoints { get; set; }

    public bool? RequiredConversionIndicator { get; set; }

    public string? Isin { get; set; }

    public string? CfiCode { get; set; }

    public DateOnly? DeliveryNoticeStartDate { get; set; }

    public DateOnly? DeliveryNoticeEndDate { get; set; }

    public string? OptionType { get; set; }

    public decimal? ContractMultiplier { get; set; }

    public decimal? AssetQuotationQuantity { get; set; }

    public long? AllocationRoundLot { get; set; }

    public string? TradingCurrency { get; set; }

    public string? DeliveryType { get; set; }

    public int? WithdrawalDays { get; set; }

    public int? WorkingDays { get; set; }

    public int? CalendarDays { get; set; }

    public string? RolloverBasePrice { get; set; }

    public int? OpeningFuturePositionDays { get; set; }

    public string? SideTypeCode1 { get; set; }

    public string? UnderlyingTicker1 { get; set; }

    public string? SideTypeCode2 { get; set; }

    public string? UnderlyingTicker2 { get; set; }

    public decimal? PureGoldWeight { get; set; }

    public decimal? ExercisePrice { get; set; }

    public string? OptionStyle { get; set; }

    public string? ValueType { get; set; }

    public bool? PremiumUpfrontIndicator { get; set; }

    public DateOnly? OpeningPositionLimitDate { get; set; }

    public int? DistributionId { get; set; }

    public int? PriceFactor { get; set; }

    public int? DaysToSettlement { get; set; }

    public string? SeriesType { get; set; }

    public bool? ProtectionFlag { get; set; }

    public bool? AutomaticExerciseIndicator { get; set; }

    public string? SpecificationCode { get; set; }

    public string? CorporationName { get; set; }

    public DateOnly? CorporateActionStartDate { get; set; }

    public string? CustodyTreatmentType { get; set; }

    public decimal? MarketCapitalisation { get; set; }

    public string? CorporateGovernanceLevel { get; set; }

    public long? StandardTradingLot { get; set; }
}
