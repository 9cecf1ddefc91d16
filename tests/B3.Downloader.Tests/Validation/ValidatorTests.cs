using System.Text;
using B3.Core.Formats;
using B3.Downloader.Sources;
using B3.Downloader.Validation;
using B3.Testing.FakeB3;

namespace B3.Downloader.Tests.Validation;

public sealed class ValidatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("b3-validator-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AcceptsTheInstrumentsFixtureWithItsStatusLinePaddedOrMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        var lines = Encoding.Latin1.GetString(Samples.Instruments).Split("\r\n");
        var padded = string.Join("\r\n", [lines[0] + ";;;;;;;;", .. lines[1..]]);
        var withoutStatus = string.Join("\r\n", lines[1..]);

        var final = await CsvFileValidator.ValidateAsync(Write(Samples.Instruments), B3CsvFile.Instruments, Samples.InstrumentsDate, ct);
        var fromPadded = await CsvFileValidator.ValidateAsync(Write(Encoding.Latin1.GetBytes(padded)), B3CsvFile.Instruments, Samples.InstrumentsDate, ct);
        var fromOld = await CsvFileValidator.ValidateAsync(Write(Encoding.Latin1.GetBytes(withoutStatus)), B3CsvFile.Instruments, Samples.InstrumentsDate, ct);

        Assert.Equal(new CsvSummary("Final", 52, 5), final);
        Assert.Equal(new CsvSummary("Final", 52, 5), fromPadded);
        Assert.Equal(new CsvSummary(null, 52, 5), fromOld);
    }

    [Fact]
    public async Task AcceptsTheRealTradeFilesInBothLayouts()
    {
        var ct = TestContext.Current.CancellationToken;

        var current = await CsvFileValidator.ValidateAsync(Write(Samples.Trades), B3CsvFile.Trades, Samples.TradesDate, ct);
        var old = await CsvFileValidator.ValidateAsync(Write(Samples.OldLayoutTrades), B3CsvFile.Trades, new DateOnly(2020, 7, 24), ct);

        Assert.Equal(new CsvSummary("Final", 15, 22_293), current);
        Assert.Equal(new CsvSummary(null, 12, 10), old);
    }

    [Fact]
    public async Task RefusesAPartialFileAsNotFinal()
    {
        var rejected = await Assert.ThrowsAsync<FileRejectedException>(() =>
            CsvFileValidator.ValidateAsync(Write(FakeB3Files.MakePartial(Samples.Instruments)), B3CsvFile.Instruments, Samples.InstrumentsDate, TestContext.Current.CancellationToken));

        Assert.Equal(FailureKind.NotFinal, rejected.Kind);
        Assert.Contains("Parcial", rejected.Message);
    }

    [Theory]
    [InlineData("Status do Arquivo: Final\r\nfoo;bar\r\n1;2\r\n", "the header lacks RptDt")]
    [InlineData("Status do Arquivo: Final\r\n", "no header")]
    [InlineData("", "empty")]
    [InlineData("RptDt;TckrSymb;ISIN;SgmtNm;MinPric;MaxPric;TradAvrgPric;LastPric;TradQty;FinInstrmQty\r\n", "no rows")]
    [InlineData("RptDt;TckrSymb;ISIN;SgmtNm;MinPric;MaxPric;TradAvrgPric;LastPric;TradQty;FinInstrmQty\r\n2025-01-24;PETR4;BR;CASH;1;1;1;1;1;1\r\n", "line 2 has RptDt 2025-01-24, expected 2025-01-27")]
    [InlineData("Status do Arquivo: Em revisão\r\n", "unknown status line")]
    public async Task RefusesATradeFileThatIsNotOne(string content, string reason)
    {
        var rejected = await Assert.ThrowsAsync<FileRejectedException>(() =>
            CsvFileValidator.ValidateAsync(Write(Encoding.Latin1.GetBytes(content)), B3CsvFile.Trades, Samples.TradesDate, TestContext.Current.CancellationToken));

        Assert.Equal(FailureKind.Invalid, rejected.Kind);
        Assert.Contains(reason, rejected.Message);
    }

    [Fact]
    public async Task AcceptsTheRealCotahistZip()
    {
        var summary = await CotahistValidator.ValidateAsync(Write(Samples.Cotahist), new FetchRequest(Samples.CotahistDate), TestContext.Current.CancellationToken);

        Assert.Equal(new CotahistSummary("COTAHIST_D08112024.TXT", 12_228), summary);
    }

    [Fact]
    public async Task RefusesTheTruncatedCotahistByItsTrailerCount()
    {
        var rejected = await Assert.ThrowsAsync<FileRejectedException>(() =>
            CotahistValidator.ValidateAsync(Write(Samples.TruncatedCotahistZip), new FetchRequest(Samples.TruncatedCotahistDate), TestContext.Current.CancellationToken));

        Assert.Contains("the trailer counts 1745 records but the file has 506 lines", rejected.Message);
    }

    [Fact]
    public async Task RefusesACotahistZipThatIsCutShortOrOfAnotherDayOrHasTwoMembers()
    {
        var ct = TestContext.Current.CancellationToken;
        var cut = Samples.Cotahist[..200_000];
        using var two = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(two, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("a.TXT");
            archive.CreateEntry("b.TXT");
        }

        var truncated = await Assert.ThrowsAsync<FileRejectedException>(() => CotahistValidator.ValidateAsync(Write(cut), new FetchRequest(Samples.CotahistDate), ct));
        var otherDay = await Assert.ThrowsAsync<FileRejectedException>(() => CotahistValidator.ValidateAsync(Write(Samples.Cotahist), new FetchRequest(new DateOnly(2024, 11, 7)), ct));
        var twoMembers = await Assert.ThrowsAsync<FileRejectedException>(() => CotahistValidator.ValidateAsync(Write(two.ToArray()), new FetchRequest(Samples.CotahistDate), ct));

        Assert.Contains("not a readable ZIP archive", truncated.Message);
        Assert.Contains("the header is dated 20241108, expected 20241107", otherDay.Message);
        Assert.Contains("the ZIP has 2 members", twoMembers.Message);
    }

    [Fact]
    public async Task AcceptsABdiExportAndRecognisesAnEmptyOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var files = Samples.CreateFiles();

        var rows = await BdiExportValidator.ValidateAsync(Write(files.BdiExport(FakeB3Files.InstrumentsReport, Samples.InstrumentsDate)), "InstrumentsEquities", 20, ct);
        var empty = await Assert.ThrowsAsync<FileRejectedException>(() =>
            BdiExportValidator.ValidateAsync(Write(files.BdiExport(FakeB3Files.InstrumentsReport, new DateOnly(2025, 12, 25))), "InstrumentsEquities", 20, ct));
        var csv = await Assert.ThrowsAsync<FileRejectedException>(() => BdiExportValidator.ValidateAsync(Write(Samples.Cotahist[..100]), "InstrumentsEquities", 20, ct));

        Assert.Equal(3, rows);
        Assert.Equal(FailureKind.NoData, empty.Kind);
        Assert.Equal(FailureKind.Invalid, csv.Kind);
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
