using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace B3.Processor.Tests.Loading;

/// <summary>
/// Reads the totals of a COTAHIST file straight from its fixed positions (b3-data-formats.md §7.5), independently of
/// the Processor's parser, so a test can compare what was loaded with what the file says.
/// </summary>
internal sealed record CotahistTotals(long Records, decimal Volume, long Trades, long Quantity)
{
    public static CotahistTotals FromZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.Entries.Single().Open(), Encoding.Latin1);
        return Read(reader);
    }

    public static CotahistTotals FromText(string path)
    {
        using var reader = new StreamReader(path, Encoding.Latin1);
        return Read(reader);
    }

    private static CotahistTotals Read(StreamReader reader)
    {
        long records = 0, trades = 0, quantity = 0;
        decimal volume = 0;
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith("01", StringComparison.Ordinal))
            {
                continue;
            }

            records++;
            trades += long.Parse(line.AsSpan(147, 5), CultureInfo.InvariantCulture);
            quantity += long.Parse(line.AsSpan(152, 18), CultureInfo.InvariantCulture);
            volume += long.Parse(line.AsSpan(170, 18), CultureInfo.InvariantCulture) / 100m;
        }

        return new CotahistTotals(records, volume, trades, quantity);
    }
}
