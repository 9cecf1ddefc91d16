namespace B3.Core.Formats;

/// <summary>
/// What B3's <c>;</c>-separated files have in common (b3-data-formats.md §3.1, §4, §5.2), checked by the Downloader
/// before it stores a file and read by the Processor.
/// </summary>
public static class B3Csv
{
    public const char Separator = ';';

    /// <summary>The first line of a consolidated file since 2025, before the header: <c>Status do Arquivo: Final</c>.</summary>
    public const string StatusPrefix = "Status do Arquivo:";

    /// <summary>The day's last version: the only one to store or load.</summary>
    public const string FinalStatus = "Final";

    /// <summary>An intraday version, published while B3 still completes the day.</summary>
    public const string PartialStatus = "Parcial";

    /// <summary>The line a BDI export holds instead of rows when the day has none.</summary>
    public const string NoRowsMarker = "Nenhum resultado";

    /// <summary>The report date of every row, <c>yyyy-MM-dd</c> in the consolidated files.</summary>
    public const string ReportDateColumn = "RptDt";

    /// <summary>The status a status line names, <c>Final</c> or <c>Parcial</c>, without padding or trailing separators.</summary>
    public static string StatusOf(string statusLine) => statusLine[StatusPrefix.Length..].Trim().TrimEnd(Separator).Trim();
}

/// <summary>
/// One kind of B3 CSV and the columns without which a file is not that kind: its name (the consolidated file's), and the
/// header names that both its consolidated file and its BDI export carry. Extra or reordered columns are fine: the
/// Processor maps them by name.
/// </summary>
public sealed record B3CsvFile(string Name, IReadOnlyList<string> RequiredColumns)
{
    /// <summary>InstrumentsConsolidatedFile (§3.2, 52 columns) and the BDI InstrumentsEquities export.</summary>
    public static B3CsvFile Instruments { get; } = new(
        "InstrumentsConsolidatedFile",
        ["TckrSymb", "Asst", "AsstDesc", "SgmtNm", "MktNm", "SctyCtgyNm", "XprtnDt", "ISIN", "CFICd", "ExrcPric", "SpcfctnCd", "CrpnNm"]);

    /// <summary>TradeInformationConsolidatedFile, 2025 and 2020 layouts (§4), and the BDI ConsolidatedTradesEquities export.</summary>
    public static B3CsvFile Trades { get; } = new(
        "TradeInformationConsolidatedFile",
        ["TckrSymb", "ISIN", "SgmtNm", "MinPric", "MaxPric", "TradAvrgPric", "LastPric", "TradQty", "FinInstrmQty"]);
}
