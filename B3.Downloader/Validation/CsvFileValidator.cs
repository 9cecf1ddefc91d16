using System.Globalization;
using System.Text;
using B3.Downloader.Sources;

namespace B3.Downloader.Validation;

/// <summary>The columns a B3 CSV must have (extra or reordered columns are fine: the Processor maps by name).</summary>
public sealed record CsvLayout(string FileKind, IReadOnlyList<string> RequiredColumns, string DateColumn = "RptDt")
{
    /// <summary>InstrumentsConsolidatedFile (b3-data-formats.md §3.2, 52 columns).</summary>
    public static CsvLayout Instruments { get; } = new(
        "InstrumentsConsolidatedFile",
        ["RptDt", "TckrSymb", "Asst", "AsstDesc", "SgmtNm", "MktNm", "SctyCtgyNm", "XprtnDt", "ISIN", "CFICd", "ExrcPric", "SpcfctnCd", "CrpnNm"]);

    /// <summary>TradeInformationConsolidatedFile, current and 2020 layouts (b3-data-formats.md §4).</summary>
    public static CsvLayout Trades { get; } = new(
        "TradeInformationConsolidatedFile",
        ["RptDt", "TckrSymb", "ISIN", "SgmtNm", "MinPric", "MaxPric", "TradAvrgPric", "LastPric", "TradQty", "FinInstrmQty"]);
}

/// <summary>What a valid B3 CSV held.</summary>
public sealed record CsvSummary(string? Status, int Columns, long Rows);

/// <summary>
/// Checks a token-flow CSV before it is stored (b3-data-formats.md §3.1, §10): an optional status line that must say
/// <c>Final</c>, a header with the layout's columns, at least one row, and every row dated the requested day.
/// The file is read as Latin-1 (one byte, one character), so the check never depends on the accents.
/// </summary>
public static class CsvFileValidator
{
    public const string StatusPrefix = "Status do Arquivo:";
    private const char Separator = ';';

    public static async Task<CsvSummary> ValidateAsync(string path, CsvLayout layout, DateOnly date, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new FileRejectedException($"{layout.FileKind}: the file is empty");

        string? status = null;
        if (line.StartsWith(StatusPrefix, StringComparison.OrdinalIgnoreCase))
        {
            status = line[StatusPrefix.Length..].Trim().TrimEnd(Separator).Trim();
            if (status.Equals("Parcial", StringComparison.OrdinalIgnoreCase))
            {
                throw new FileRejectedException($"{layout.FileKind} says 'Status do Arquivo: Parcial': an intraday version, not the day's final file; try again later", FailureKind.NotFinal);
            }

            if (!status.Equals("Final", StringComparison.OrdinalIgnoreCase))
            {
                throw new FileRejectedException($"{layout.FileKind} has an unknown status line '{line}'");
            }

            line = await reader.ReadLineAsync(cancellationToken) ?? throw new FileRejectedException($"{layout.FileKind}: no header after the status line");
        }

        var header = line.Split(Separator);
        var missing = layout.RequiredColumns.Where(column => !header.Contains(column, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new FileRejectedException(
                $"{layout.FileKind}: the header lacks {string.Join(", ", missing)} (first line read: '{Shorten(line)}')");
        }

        var dateColumn = Array.IndexOf(header, layout.DateColumn);
        var expected = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        long rows = 0;
        var lineNumber = status is null ? 1 : 2;
        while (await reader.ReadLineAsync(cancellationToken) is { } row)
        {
            lineNumber++;
            if (row.Length == 0)
            {
                continue;
            }

            rows++;
            var fields = row.Split(Separator);
            if (dateColumn >= fields.Length || fields[dateColumn] != expected)
            {
                var found = dateColumn < fields.Length ? fields[dateColumn] : "nothing";
                throw new FileRejectedException($"{layout.FileKind}: line {lineNumber} has {layout.DateColumn} {found}, expected {expected}");
            }
        }

        return rows > 0
            ? new CsvSummary(status, header.Length, rows)
            : throw new FileRejectedException($"{layout.FileKind}: a header but no rows");
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
