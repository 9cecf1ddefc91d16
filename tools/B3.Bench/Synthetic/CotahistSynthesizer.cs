using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace B3.Bench.Synthetic;

/// <summary>
/// COTAHIST files built from the quote records of a real day (b3-data-formats.md §7): each synthetic day takes a
/// rotating window of the real records, moves them to its date, shifts option series letters by the month (so a year
/// holds a realistic spread of tickers) and scales prices and volumes by a smooth per-record factor. Every record keeps
/// its real layout, codes and names; within a day the natural keys stay unique.
/// </summary>
public sealed class CotahistSynthesizer
{
    public const int RecordLength = 245;
    private const int DateOffset = 2;
    private const int TickerOffset = 12;
    private const int SeriesOffset = TickerOffset + 4;
    private const int MarketTypeOffset = 24;
    private const int TradeCountOffset = 147;
    private const int QuantityOffset = 152;
    private const int VolumeOffset = 170;
    private static readonly int[] PriceOffsets = [56, 69, 82, 95, 108, 121, 134];
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly byte[][] _quotes;

    public CotahistSynthesizer(IEnumerable<byte[]> quoteRecords)
    {
        _quotes = [.. quoteRecords];
        if (_quotes.Length == 0 || _quotes.Any(record => record.Length != RecordLength))
        {
            throw new ArgumentException($"Quote records of {RecordLength} bytes are needed.", nameof(quoteRecords));
        }
    }

    public int TemplateRecords => _quotes.Length;

    /// <summary>The quote records (type 01) of a real COTAHIST, zipped as B3 ships it or bare.</summary>
    public static CotahistSynthesizer FromSample(string path)
    {
        using var file = File.OpenRead(path);
        var isZip = file.ReadByte() == 'P' && file.ReadByte() == 'K';
        file.Position = 0;
        using var zip = isZip ? new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true) : null;
        using var text = zip?.Entries.Single().Open() ?? file;
        using var reader = new StreamReader(text, Encoding.Latin1);
        var quotes = new List<byte[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("01", StringComparison.Ordinal) && line.Length == RecordLength)
            {
                quotes.Add(Encoding.Latin1.GetBytes(line));
            }
        }

        return new CotahistSynthesizer(quotes);
    }

    /// <summary>Writes a whole COTAHIST text (header, <paramref name="recordsPerDay"/> quotes per day, trailer) with CRLF line ends.</summary>
    /// <returns>The number of quote records written.</returns>
    public long Write(Stream output, IReadOnlyList<DateOnly> days, int recordsPerDay)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recordsPerDay, _quotes.Length);
        var stamp = days[^1].ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var name = $"COTAHIST.{days[^1].Year}BOVESPA {stamp}";
        WriteLine(output, "00" + name);

        var record = new byte[RecordLength];
        long written = 0;
        for (var day = 0; day < days.Count; day++)
        {
            var start = (int)((long)day * 7_919 % _quotes.Length);
            for (var index = 0; index < recordsPerDay; index++)
            {
                var template = (start + index) % _quotes.Length;
                Synthesize(_quotes[template], record, days[day], day, template);
                output.Write(record);
                output.Write(LineEnd);
                written++;
            }
        }

        WriteLine(output, "99" + name + (written + 2).ToString("D11", CultureInfo.InvariantCulture));
        return written;
    }

    /// <summary>A COTAHIST ZIP as B3 ships it: one member, deflated.</summary>
    public long WriteZip(Stream output, string memberName, IReadOnlyList<DateOnly> days, int recordsPerDay)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using var member = new BufferedStream(zip.CreateEntry(memberName, CompressionLevel.Optimal).Open(), 1 << 16);
        return Write(member, days, recordsPerDay);
    }

    private static void Synthesize(byte[] template, byte[] record, DateOnly date, int day, int index)
    {
        template.CopyTo(record, 0);
        WriteDigits(record.AsSpan(DateOffset, 8), (date.Year * 10_000) + (date.Month * 100) + date.Day);
        if (record.AsSpan(MarketTypeOffset, 3).SequenceEqual("070"u8) || record.AsSpan(MarketTypeOffset, 3).SequenceEqual("080"u8))
        {
            record[SeriesOffset] = ShiftSeries(record[SeriesOffset], date.Month - 1);
        }

        var priceFactor = Wave(index, day, amplitude: 0.3);
        foreach (var offset in PriceOffsets)
        {
            Scale(record.AsSpan(offset, 13), priceFactor);
        }

        var sizeFactor = Wave(index + 104_729, day, amplitude: 0.8);
        Scale(record.AsSpan(TradeCountOffset, 5), sizeFactor);
        Scale(record.AsSpan(QuantityOffset, 18), sizeFactor);
        Scale(record.AsSpan(VolumeOffset, 18), sizeFactor * priceFactor);
    }

    /// <summary>Option series letters: calls A–L and puts M–X rotate within their half, a bijection that keeps tickers distinct.</summary>
    private static byte ShiftSeries(byte letter, int shift) => letter switch
    {
        >= (byte)'A' and <= (byte)'L' => (byte)('A' + ((letter - 'A' + shift) % 12)),
        >= (byte)'M' and <= (byte)'X' => (byte)('M' + ((letter - 'M' + shift) % 12)),
        _ => letter,
    };

    /// <summary>A smooth factor around 1 with its own period and phase per record, so each ticker drifts over the year.</summary>
    private static double Wave(int index, int day, double amplitude)
    {
        var hash = (uint)index * 2_654_435_761u;
        var period = 20 + (hash % 100);
        var phase = (hash >> 8) % 1_000 / 1_000.0;
        return Math.Exp(amplitude * Math.Sin(2 * Math.PI * ((day / (double)period) + phase)));
    }

    private static void Scale(Span<byte> field, double factor)
    {
        if (!Utf8Parser.TryParse(field, out long value, out var consumed) || consumed != field.Length)
        {
            return;
        }

        var max = (long)Math.Pow(10, field.Length) - 1;
        WriteDigits(field, Math.Min(max, (long)Math.Round(value * factor)));
    }

    private static void WriteDigits(Span<byte> field, long value)
    {
        for (var position = field.Length - 1; position >= 0; position--)
        {
            field[position] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void WriteLine(Stream output, string text)
    {
        output.Write(Encoding.Latin1.GetBytes(text.PadRight(RecordLength)));
        output.Write(LineEnd);
    }
}
