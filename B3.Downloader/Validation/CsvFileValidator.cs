using System.Globalization;
using System.Text;
using B3.Core.Formats;
using B3.Downloader.Sources;

namespace B3.Downloader.Validation;

/// <summary>What a valid B3 CSV held.</summary>
public sealed record CsvSummary(string? Status, int Columns, long Rows);

/// <summary>
/// Checks a token-flow CSV before it is stored (b3-data-formats.md §3.1, §10): an optional status line that must say
/// <c>Final</c>, a header with the file's required columns and its report date, at least one row, and every row dated
/// the requested day.
/// The file is read as Latin-1 (one byte, one character), so the check never depends on the accents.
/// </summary>
public static class CsvFileValidator
{
    public static async Task<CsvSummary> ValidateAsync(string path, B3CsvFile file, DateOnly date, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new FileRejectedException($"{file.Name}: the file is empty");

        string? status = null;
        if (line.StartsWith(B3Csv.StatusPrefix, StringComparison.OrdinalIgnoreCase))
        {
            status = B3Csv.StatusOf(line);
            if (status.Equals(B3Csv.PartialStatus, StringComparison.OrdinalIgnoreCase))
            {
                throw new FileRejectedException($"{file.Name} says 'Status do Arquivo: Parcial': an intraday version, not the day's final file; try again later", FailureKind.NotFinal);
            }

            if (!status.Equals(B3Csv.FinalStatus, StringComparison.OrdinalIgnoreCase))
            {
                throw new FileRejectedException($"{file.Name} has an unknown status line '{line}'");
            }

            line = await reader.ReadLineAsync(cancellationToken) ?? throw new FileRejectedException($"{file.Name}: no header after the status line");
        }

        var header = line.Split(B3Csv.Separator);
        var missing = file.RequiredColumns.Prepend(B3Csv.ReportDateColumn).Where(column => !header.Contains(column, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new FileRejectedException(
                $"{file.Name}: the header lacks {string.Join(", ", missing)} (first line read: '{Shorten(line)}')");
        }

        var dateColumn = Array.IndexOf(header, B3Csv.ReportDateColumn);
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
            var fields = row.Split(B3Csv.Separator);
            if (dateColumn >= fields.Length || fields[dateColumn] != expected)
            {
                var found = dateColumn < fields.Length ? fields[dateColumn] : "nothing";
                throw new FileRejectedException($"{file.Name}: line {lineNumber} has {B3Csv.ReportDateColumn} {found}, expected {expected}");
            }
        }

        return rows > 0
            ? new CsvSummary(status, header.Length, rows)
            : throw new FileRejectedException($"{file.Name}: a header but no rows");
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
