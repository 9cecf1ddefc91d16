namespace B3.Core.Formats;

/// <summary>
/// The record structure of COTAHIST (b3-data-formats.md §7), which the Downloader checks before it stores a file and
/// the Processor reads: 245-character records, a header (00), quote records (01) and a trailer (99) that counts every
/// record, itself and the header included.
/// </summary>
public static class CotahistFormat
{
    public const int RecordLength = 245;

    public const string QuoteRecord = "01";

    public const string TrailerRecord = "99";

    /// <summary>How the header starts: its type and the file name's <c>COTAHIST.</c>, before the year.</summary>
    public const string HeaderStart = "00COTAHIST.";

    // The same three as bytes, for a parser that compares the record's bytes: literals, so that comparing a record
    // with one compiles to a load and a compare (an array here measured 2-3 % of the parse).
    public static ReadOnlySpan<byte> QuoteRecordBytes => "01"u8;

    public static ReadOnlySpan<byte> TrailerRecordBytes => "99"u8;

    public static ReadOnlySpan<byte> HeaderStartBytes => "00COTAHIST."u8;

    /// <summary>The header's file name, <c>COTAHIST.AAAA</c>.</summary>
    public static FixedWidthField HeaderFileName { get; } = new(3, 13);

    /// <summary>The year in the header's file name <c>COTAHIST.AAAA</c> (daily files name their year too).</summary>
    public static FixedWidthField HeaderYear { get; } = new(12, 4);

    /// <summary>The header's generation date, <c>AAAAMMDD</c>: the trading day of a daily file.</summary>
    public static FixedWidthField HeaderDate { get; } = new(24, 8);

    /// <summary>DATPRE, the trading date of a quote record, <c>AAAAMMDD</c>.</summary>
    public static FixedWidthField QuoteDate { get; } = new(3, 8);

    /// <summary>The trailer's count of records, header and trailer included.</summary>
    public static FixedWidthField TrailerRecordCount { get; } = new(32, 11);
}
