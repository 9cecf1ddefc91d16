namespace B3.Core.Database.Entities;

/// <summary>A member of an index's theoretical portfolio on a date (<c>b3.index_composition</c>).</summary>
public sealed class IndexMember : LoadedRow
{
    public DateOnly ReportDate { get; set; }

    public required string IndexCode { get; set; }

    public required string Ticker { get; set; }

    public string? Asset { get; set; }

    public string? Type { get; set; }

    public string? EconomicSegment { get; set; }

    public decimal? Participation { get; set; }

    public decimal? TheoreticalQuantity { get; set; }

    public decimal? Reductor { get; set; }
}
