using System.Globalization;
using System.Text;

namespace B3.Bench.Synthetic;

/// <summary>
/// An InstrumentsConsolidatedFile of any size in the 52-column layout (b3-data-formats.md §3), built from the rows of
/// a documented sample: its status line and header as they are, then the sample's rows in turn with the report date
/// set, a ticker of their own, and varied strikes and expirations. Windows-1252, CRLF, as B3 writes it.
/// </summary>
public static class InstrumentsSynthesizer
{
    private const int ReportDate = 0;
    private const int Ticker = 1;
    private const int Expiration = 7;
    private const int TradingEnd = 10;
    private const int ExercisePrice = 35;

    /// <returns>The number of rows written.</returns>
    public static int Write(Stream output, string samplePath, DateOnly reportDate, int rows)
    {
        var lines = File.ReadAllLines(samplePath, Encoding.Latin1);
        var headerIndex = Array.FindIndex(lines, line => line.StartsWith("RptDt;", StringComparison.Ordinal));
        var samples = lines.Skip(headerIndex + 1).Where(line => line.Length > 0).Select(line => line.Split(';')).ToArray();
        using var writer = new StreamWriter(output, Encoding.Latin1, 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(headerIndex > 0 ? lines[0] : "Status do Arquivo: Final");
        writer.WriteLine(lines[headerIndex]);

        var date = reportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var row = 0; row < rows; row++)
        {
            var fields = (string[])samples[row % samples.Length].Clone();
            fields[ReportDate] = date;
            fields[Ticker] = string.Create(CultureInfo.InvariantCulture, $"{fields[Ticker][..4]}{(char)('A' + (row % 24))}{row / 24}");
            if (fields[ExercisePrice].Length > 0)
            {
                var expiration = reportDate.AddDays(7 * (1 + (row % 104))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                fields[Expiration] = fields[TradingEnd] = expiration;
                fields[ExercisePrice] = (5 + (row * 37 % 9_500 / 100.0)).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
            }

            writer.WriteLine(string.Join(';', fields));
        }

        return rows;
    }
}
