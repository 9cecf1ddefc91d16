using System.Text;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Csv;

/// <summary>
/// The physical shape of one family of B3 CSVs: how values are written, whether the file starts with a UTF-8
/// byte-order mark, how many free-text lines may precede the header, and whether a text footer follows the rows.
/// </summary>
internal sealed record CsvDialect(string Name, FieldFormat Format, bool HasByteOrderMark, int MaxPreambleLines, bool HasFooter)
{
    /// <summary>
    /// InstrumentsConsolidatedFile and TradeInformationConsolidatedFile (b3-data-formats.md §3.1, §4): Windows-1252,
    /// an optional <c>Status do Arquivo:</c> line, then the header; ISO dates, decimal comma, empty = null.
    /// </summary>
    public static CsvDialect Consolidated { get; } = new(
        "B3 consolidated CSV",
        new FieldFormat(Encodings.Windows1252, DateLayout.Iso, NumberFormat.DecimalComma),
        HasByteOrderMark: false,
        MaxPreambleLines: 0,
        HasFooter: false);

    /// <summary>
    /// The BDI table CSV export (§5.2): UTF-8 with a byte-order mark, a description, a link and a blank line before the
    /// header, a disclaimer after the rows; <c>dd/MM/yyyy</c> dates, <c>8.000.000</c> / <c>203,61</c> numbers, <c>-</c> = null.
    /// </summary>
    public static CsvDialect BdiExport { get; } = new(
        "BDI CSV export",
        new FieldFormat(Encoding.UTF8, DateLayout.DayMonthYear, NumberFormat.Brazilian, NullToken: "-"),
        HasByteOrderMark: true,
        MaxPreambleLines: 20,
        HasFooter: true);
}
