using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace B3.EndToEnd.Tests;

/// <summary>
/// Small daily COTAHIST files built from the real 2021-06-25 sample's cash-market records, moved to another date, with
/// the totals a test checks the database against.
/// </summary>
internal sealed record SyntheticCotahist(DateOnly Date, byte[] Content, int Quotes, decimal Volume)
{
    private static readonly Lazy<List<string>> SampleQuotes = new(() => File.ReadAllLines(
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "COTAHIST_D25062021.TXT"), Encoding.Latin1)
        .Where(line => line.StartsWith("01", StringComparison.Ordinal) && line.Substring(49, 3).Trim().Length == 0)
        .ToList());

    public string Key => $"b3/cotahist/{Date:yyyy-MM-dd}.zip";

    /// <summary>The file of <paramref name="date"/>: <paramref name="quotes"/> records starting at a date-dependent offset.</summary>
    public static SyntheticCotahist For(DateOnly date, int quotes)
    {
        var stamp = Stamp(date);
        var sample = SampleQuotes.Value;
        var offset = date.DayNumber % (sample.Count - quotes);
        return Build(date, sample.Skip(offset).Take(quotes).Select(line => string.Concat("01", stamp, line.AsSpan(10))).ToList());
    }

    /// <summary>A file of any size: the sample's records over and over, each under a ticker of its own (S000000001, …).</summary>
    public static SyntheticCotahist Numbered(DateOnly date, int quotes)
    {
        var stamp = Stamp(date);
        var sample = SampleQuotes.Value;
        return Build(date, Enumerable.Range(0, quotes)
            .Select(i => $"01{stamp}{sample[i % sample.Count][10..12]}{$"S{i:D9}",-12}{sample[i % sample.Count][24..]}")
            .ToList());
    }

    private static SyntheticCotahist Build(DateOnly date, List<string> records)
    {
        var stamp = Stamp(date);
        var volume = records.Sum(line => long.Parse(line.AsSpan(170, 18), CultureInfo.InvariantCulture) / 100m);
        var text = new StringBuilder()
            .Append($"00COTAHIST.{date.Year}BOVESPA {stamp}".PadRight(245)).Append("\r\n");
        foreach (var record in records)
        {
            text.Append(record).Append("\r\n");
        }

        text.Append($"99COTAHIST.{date.Year}BOVESPA {stamp}{records.Count + 2:D11}".PadRight(245)).Append("\r\n");
        return new SyntheticCotahist(date, Zip($"COTAHIST_D{date:ddMMyyyy}.TXT", Encoding.Latin1.GetBytes(text.ToString())), records.Count, volume);
    }

    private static string Stamp(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static byte[] Zip(string member, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry(member, CompressionLevel.Fastest).Open())
        {
            entry.Write(content);
        }

        return buffer.ToArray();
    }
}
