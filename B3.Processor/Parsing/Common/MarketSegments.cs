namespace B3.Processor.Parsing.Common;

internal static class MarketSegments
{
    /// <summary>
    /// Whether a row's segment (its <c>segment</c> column) may quote below zero: interest-rate and commodity derivatives
    /// quote rates and calendar spreads (the 2025-01-27 trades file has DI spreads at -0,07), so "prices are not
    /// negative" cannot hold for them.
    /// </summary>
    public static Func<RowBuffer, bool> MayQuoteBelowZero(TableSchema schema)
    {
        var segment = schema.IndexOf("segment");
        return row => row.Text(segment) is { } name
            && (name.Equals("FINANCIAL", StringComparison.OrdinalIgnoreCase) || name.Equals("AGRIBUSINESS", StringComparison.OrdinalIgnoreCase));
    }
}
