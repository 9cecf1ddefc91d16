using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace B3.EndToEnd.Tests;

/// <summary>
/// Small COTAHIST files built from the real 2021-06-25 sample's cash-market records, moved to other dates, with the
/// totals a test checks the database against: a daily file, or a yearly one (<see cref="Yearly"/>) of several days.
/// </summary>
internal sealed record SyntheticCotahist(DateOnly Date, byte[] Content, int Quotes, decimal Volume, bool Yearly = false)
{
    /// <summary>The days a file has quotes for: its date, or a yearly file's days.</summary>
    public IReadOnlyList<DateOnly> Days { get; init; } = [Date];

    private static readonly Lazy<List<string>> SampleQuotes = new(() => File.ReadAllLines(
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "COTAHIST_D25062021.TXT"), Encoding.Latin1)
        .Where(line => line.StartsWith("01", StringComparison.Ordinal) && line.Substring(49, 3).Trim().Length == 0)
        .ToList());

    public string Key => Yearly ? $"b3/cotahist/{Date.Year}.zip" : $"b3/cotahist/{Date:yyyy-MM-dd}.zip";

    /// <summary>The file of <paramref name="date"/>: <paramref name="quotes"/> records starting at a date-dependent offset.</summary>
    public static SyntheticCotahist For(DateOnly date, int quotes)
    {
        var stamp = Stamp(date);
        var sample = SampleQuotes.Value;
        var offset = date.DayNumber % (sample.Count - quotes);
        return Build(date, sample.Skip(offset).Take(quotes).Select(line => string.Concat("01", stamp, line.AsSpan(10))).ToList());
    }

    /// <summary>A file of any size: the sample's records over and over, each under a ticker of its own (S000000001, …).</summary>
    public static SyntheticCotahist Numbered(DateOnly date, int quotes) => Build(date, NumberedRecords(date, quotes));

    /// <summary>A yearly file of <paramref name="quotesPerDay"/> numbered records on each of <paramref name="days"/> (one year's).</summary>
    public static SyntheticCotahist NumberedYear(IReadOnlyList<DateOnly> days, int quotesPerDay) =>
        Build(days[^1], [.. days.SelectMany(day => NumberedRecords(day, quotesPerDay))]) with { Yearly = true, Days = days };

    private static IEnumerable<string> NumberedRecords(DateOnly date, int quotes)
    {
        var stamp = Stamp(date);
        var sample = SampleQuotes.Value;
        return Enumerable.Range(0, quotes).Select(i => $"01{stamp}{sample[i % sample.Count][10..12]}{$"S{i:D9}",-12}{sample[i % sample.Count][24..]}");
    }

    private static SyntheticCotahist Build(DateOnly date, IEnumerable<string> quoteRecords)
    {
        var records = quoteRecords.ToList();
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
