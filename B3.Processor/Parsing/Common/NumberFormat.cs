namespace B3.Processor.Parsing.Common;

/// <summary>How a file writes numbers: its decimal separator and its thousands separator (0 when it has none).</summary>
internal readonly record struct NumberFormat(byte DecimalSeparator, byte GroupSeparator)
{
    /// <summary>B3's consolidated CSVs: <c>22155370640,31</c>, no thousands separator.</summary>
    public static NumberFormat DecimalComma { get; } = new((byte)',', 0);

    /// <summary>pt-BR text of the BDI exports and the index API: <c>8.000.000</c>, <c>203,61</c>.</summary>
    public static NumberFormat Brazilian { get; } = new((byte)',', (byte)'.');

    /// <summary>Fixed-width digits with implied decimals (COTAHIST).</summary>
    public static NumberFormat DigitsOnly { get; } = new(0, 0);
}
