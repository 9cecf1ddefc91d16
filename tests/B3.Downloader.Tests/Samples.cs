using B3.Testing.FakeB3;

namespace B3.Downloader.Tests;

/// <summary>The fixture files (Fixtures/README.md) and the days they belong to.</summary>
public static class Samples
{
    public static readonly DateOnly InstrumentsDate = new(2025, 12, 5);
    public static readonly DateOnly TradesDate = new(2025, 1, 27);
    public static readonly DateOnly CotahistDate = new(2024, 11, 8);

    public static byte[] Instruments => Read("InstrumentsConsolidatedFile_20251205_1.csv");

    public static byte[] Trades => Read("TradeInformationConsolidatedFile_20250127_1.csv");

    public static byte[] OldLayoutTrades => Read("TradeInformationConsolidatedFile_20200724_EXCERPT_9_rows.csv");

    public static byte[] Cotahist => Read("COTAHIST_D08112024.ZIP");

    /// <summary>The 2016-01-04 COTAHIST cut short, zipped as B3 would send it.</summary>
    public static byte[] TruncatedCotahistZip =>
        FakeB3Files.Zip("COTAHIST_D04012016.TXT", Read("COTAHIST_D04012016_TRUNCATED_506_of_1745_lines.TXT"));

    public static readonly DateOnly TruncatedCotahistDate = new(2016, 1, 4);

    public static FakeB3Files CreateFiles() => new(
        new FakeB3Template(InstrumentsDate, Instruments),
        new FakeB3Template(TradesDate, Trades),
        new FakeB3Template(CotahistDate, Cotahist));

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
