using System.Text;
using B3.Core.Formats;
using B3.Downloader.Sources;

namespace B3.Downloader.Validation;

/// <summary>
/// Checks a BDI CSV export (b3-data-formats.md §5.2): UTF-8 with a byte-order mark, a short preamble, a header row,
/// data rows of the header's width, a one-field footer. B3 documents neither the header labels nor the preamble text,
/// so the layout is checked by shape: a header of at least <paramref name="minColumns"/> fields followed by rows of its width.
/// </summary>
public static class BdiExportValidator
{
    private const int MaxPreambleLines = 10;

    public static async Task<long> ValidateAsync(string path, string report, int minColumns, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        int? width = null;
        long rows = 0;
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (line.Contains(B3Csv.NoRowsMarker, StringComparison.OrdinalIgnoreCase))
            {
                throw new FileRejectedException($"BDI {report}: '{B3Csv.NoRowsMarker}' (no rows for this date)", FailureKind.NoData);
            }

            var fields = line.Split(B3Csv.Separator).Length;
            if (width is null)
            {
                if (fields >= minColumns)
                {
                    width = fields;
                }
                else if (lineNumber >= MaxPreambleLines)
                {
                    break;
                }
            }
            else if (fields == width)
            {
                rows++;
            }
            else if (fields > 1)
            {
                throw new FileRejectedException($"BDI {report}: line {lineNumber} has {fields} fields, the header has {width}");
            }
        }

        if (width is null)
        {
            throw new FileRejectedException($"BDI {report}: no header row of at least {minColumns} ';'-separated columns in the first {MaxPreambleLines} lines");
        }

        return rows > 0 ? rows : throw new FileRejectedException($"BDI {report}: a header but no rows", FailureKind.NoData);
    }
}
