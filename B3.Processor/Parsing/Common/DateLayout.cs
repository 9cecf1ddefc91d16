namespace B3.Processor.Parsing.Common;

/// <summary>How a file writes dates.</summary>
internal enum DateLayout
{
    /// <summary><c>yyyy-MM-dd</c>, B3's consolidated CSVs.</summary>
    Iso,

    /// <summary><c>dd/MM/yyyy</c>, the BDI exports.</summary>
    DayMonthYear,

    /// <summary><c>yyyyMMdd</c>, COTAHIST.</summary>
    Compact,
}
