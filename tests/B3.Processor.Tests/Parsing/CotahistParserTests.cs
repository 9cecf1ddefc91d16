using System.Text;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Cotahist;
using B3.Processor.Tests.Loading;

namespace B3.Processor.Tests.Parsing;

public sealed class CotahistParserTests
{
    private const string DailyZip = "COTAHIST_D08112024.ZIP";
    private const string DailyText = "COTAHIST_D25062021.TXT";
    private const string Truncated = "COTAHIST_D04012016_TRUNCATED_506_of_1745_lines.TXT";
    private readonly CotahistParser _parser = new();

    [Fact]
    public void TheDailyZipYieldsEveryQuoteWithTheFilesTotals()
    {
        using var zip = File.OpenRead(FixtureFiles.PathOf(DailyZip));

        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2024-11-08.zip", zip);

        AssertTotals(CotahistTotals.FromZip(FixtureFiles.PathOf(DailyZip)), parsed);
        Assert.Equal(12_226, parsed.TypedRows.Count);
    }

    [Fact]
    public void AZippedTextFileYieldsEveryQuoteWhateverItsMemberName()
    {
        var zip = FixtureFiles.Zip(("any-name.dat", FixtureFiles.Bytes(DailyText)));

        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2021-06-25.zip", zip);

        AssertTotals(CotahistTotals.FromText(FixtureFiles.PathOf(DailyText)), parsed);
        Assert.Equal(7_518, parsed.TypedRows.Count);
    }

    [Fact]
    public void ABareTextFileIsReadWithoutAZip()
    {
        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2021-06-25.zip", FixtureFiles.Bytes(DailyText));

        AssertTotals(CotahistTotals.FromText(FixtureFiles.PathOf(DailyText)), parsed);
    }

    [Fact]
    public void AQuoteKeepsItsRawCodesAndGetsUnitPrices()
    {
        using var zip = File.OpenRead(FixtureFiles.PathOf(DailyZip));

        var petr4 = RecordingRowTarget.Parse(_parser, "b3/cotahist/2024-11-08.zip", zip).Single("ticker", "PETR4");

        Assert.Equal(new DateOnly(2024, 11, 8), petr4["trade_date"]);
        Assert.Equal(("02", 10, 0), (petr4["bdi_code"], petr4["market_type"], petr4["term_days"]));
        Assert.Equal(("PETROBRAS", "PN      N2", "R$"), (petr4["short_name"], petr4["specification"], petr4["currency"]));
        Assert.Equal(
            [35.85m, 36.32m, 35.54m, 35.96m, 36.18m, 36.17m, 36.18m],
            new[] { "open", "high", "low", "average", "close", "best_bid", "best_ask" }.Select(column => (decimal)petr4[column]!));
        Assert.Equal((80_702L, 49_792_700L, 1_790_870_570.00m), (petr4["trade_count"], petr4["quantity"], petr4["volume"]));
        Assert.Null(petr4["expiration_date"]);
        Assert.Equal((1, "BRPETRACNPR6", 214), (petr4["quote_factor"], petr4["isin"], petr4["distribution_number"]));
    }

    [Fact]
    public void PricesPerLotOfAThousandAreDividedByTheQuoteFactor()
    {
        using var zip = File.OpenRead(FixtureFiles.PathOf(DailyZip));

        var fnam11 = RecordingRowTarget.Parse(_parser, "b3/cotahist/2024-11-08.zip", zip).Single("ticker", "FNAM11");

        Assert.Equal(1000, fnam11["quote_factor"]);
        Assert.Equal((0.00036m, 0.00034m), (fnam11["open"], fnam11["low"]));
    }

    [Fact]
    public void TheForwardMarketRepeatsATickerWithOtherTerms()
    {
        using var zip = File.OpenRead(FixtureFiles.PathOf(DailyZip));

        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2024-11-08.zip", zip);

        var keys = parsed.Column<string>("ticker").Zip(parsed.Column<int?>("market_type"), parsed.Column<int?>("term_days"));
        var vale3ForwardTerms = keys.Where(key => key is ("VALE3T", 30, _)).Select(key => key.Third).ToList();
        Assert.Equal(12, vale3ForwardTerms.Count);
        Assert.Equal(vale3ForwardTerms.Count, vale3ForwardTerms.Distinct().Count());
        Assert.Empty(parsed.Rejects);
    }

    [Fact]
    public void ATruncatedFileFailsNamingTheTrailerCount()
    {
        var failure = Assert.Throws<InvalidFileException>(
            () => RecordingRowTarget.Parse(_parser, "b3/cotahist/2016-01-04.zip", FixtureFiles.Bytes(Truncated)));

        Assert.Contains("trailer", failure.Message);
        Assert.Contains("declares 1745 records", failure.Message);
        Assert.Contains("506 were read", failure.Message);
    }

    [Fact]
    public void ThreeCorruptedRecordsAreRejectedAndEveryOtherLoads()
    {
        var lines = FixtureFiles.Lines(DailyText);
        lines[99] = string.Concat(lines[99].AsSpan(0, 69), "0000000000001", lines[99].AsSpan(82));
        lines[1999] = string.Concat("0120211345", lines[1999].AsSpan(10));
        lines[4999] = lines[4998];

        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2021-06-25.zip", FixtureFiles.Join(lines));

        Assert.Equal(7_515, parsed.TypedRows.Count);
        Assert.Equal([100L, 2_000L, 5_000L], parsed.Rejects.Select(reject => reject.Line));
        Assert.Equal([lines[99], lines[1999], lines[4999]], parsed.Rejects.Select(reject => reject.Raw));
        Assert.StartsWith("PREMAX 0.01 is below PREMIN", parsed.Rejects[0].Reason);
        Assert.Equal("DATPRE is not a valid date: '20211345'", parsed.Rejects[1].Reason);
        Assert.StartsWith("duplicate natural key (DATPRE, CODNEG, TPMERC, PRAZOT) = (2021-06-25, ", parsed.Rejects[2].Reason);
    }

    [Fact]
    public void AYearlyFileLoadsTheSameTickerOnEveryDayButFailsWhenADaysRowsResumeAfterAnothers()
    {
        var lines = FixtureFiles.Lines(DailyText);
        var nextDay = lines.Select(line => line.StartsWith("01", StringComparison.Ordinal) ? string.Concat("0120210628", line.AsSpan(10)) : line).ToArray();
        string[] inOrder = [lines[0], .. lines[1..^1], .. nextDay[1..^1], lines[^1]];
        string[] resumed = [lines[0], lines[1], nextDay[2], lines[3], lines[^1]];

        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2021.zip", FixtureFiles.Join(FixtureFiles.WithCotahistTrailerCount(inOrder)));
        var failure = Assert.Throws<InvalidFileException>(
            () => RecordingRowTarget.Parse(_parser, "b3/cotahist/2021.zip", FixtureFiles.Join(FixtureFiles.WithCotahistTrailerCount(resumed))));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(2 * (lines.Length - 2), parsed.TypedRows.Count);
        Assert.StartsWith("rows dated 2021-06-25 resume after rows dated 2021-06-28", failure.Message);
    }

    [Fact]
    public void RecordsOfTheWrongLengthOrTypeAreRejectedButCountTowardsTheTrailer()
    {
        var lines = FixtureFiles.Lines(DailyText);
        lines[9] = lines[9][..200];
        lines[19] = "02" + lines[19][2..];

        var parsed = RecordingRowTarget.Parse(_parser, "b3/cotahist/2021-06-25.zip", FixtureFiles.Join(lines));

        Assert.Equal(7_516, parsed.TypedRows.Count);
        Assert.Equal(
            [(10L, "the record has 200 characters where COTAHIST has 245"), (20L, "unknown record type '02'")],
            parsed.Rejects.Select(reject => (reject.Line, reject.Reason)));
    }

    [Fact]
    public void AFileWithoutItsTrailerFails()
    {
        var lines = FixtureFiles.Lines(DailyText)[..^1];

        var failure = Assert.Throws<InvalidFileException>(
            () => RecordingRowTarget.Parse(_parser, "b3/cotahist/2021-06-25.zip", FixtureFiles.Join(lines)));

        Assert.Contains("no COTAHIST trailer record (99)", failure.Message);
    }

    [Theory]
    [InlineData("truncated", "bad ZIP")]
    [InlineData("two members", "exactly one file, this one holds 2 (a.txt, b.txt)")]
    [InlineData("no member", "exactly one file, this one holds 0 (none)")]
    [InlineData("empty member", "empty file: the ZIP member a.txt is empty")]
    [InlineData("empty", "empty file")]
    [InlineData("not COTAHIST", "unknown header")]
    public void ABrokenFileFailsNamingTheProblem(string kind, string expected)
    {
        var text = FixtureFiles.Bytes(DailyText);
        var content = kind switch
        {
            "truncated" => FixtureFiles.Bytes(DailyZip)[..100_000],
            "two members" => FixtureFiles.Zip(("a.txt", text), ("b.txt", text)),
            "no member" => FixtureFiles.Zip(),
            "empty member" => FixtureFiles.Zip(("a.txt", [])),
            "empty" => [],
            _ => FixtureFiles.Zip(("a.txt", Encoding.ASCII.GetBytes("RptDt;TckrSymb\r\n2024-11-08;PETR4\r\n"))),
        };

        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, "b3/cotahist/2024-11-08.zip", content));

        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void RecognizesAZipOrACotahistHeader()
    {
        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(DailyZip).AsSpan(0, 4096)));
        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(DailyText).AsSpan(0, 4096)));
        Assert.False(_parser.Recognizes("RptDt;TckrSymb;"u8));
    }

    private static void AssertTotals(CotahistTotals expected, RecordingRowTarget parsed)
    {
        Assert.Empty(parsed.Rejects);
        Assert.Equal(expected.Records, parsed.TypedRows.Count);
        Assert.Equal(expected.Volume, parsed.Column<decimal>("volume").Sum());
        Assert.Equal(expected.Trades, parsed.Column<long>("trade_count").Sum());
        Assert.Equal(expected.Quantity, parsed.Column<long>("quantity").Sum());
    }

}
