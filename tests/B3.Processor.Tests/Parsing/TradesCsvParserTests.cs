using System.Globalization;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Trades;

namespace B3.Processor.Tests.Parsing;

public sealed class TradesCsvParserTests
{
    private const string Current = "TradeInformationConsolidatedFile_20250127_1.csv";
    private const string Old = "TradeInformationConsolidatedFile_20200724_EXCERPT_9_rows.csv";
    private const string Key = "b3/trades/2025-01-27.csv";
    private readonly TradesCsvParser _parser = new();

    [Fact]
    public void TheCurrentLayoutYieldsEveryRowWithTheFilesTotals()
    {
        var dataLines = FixtureFiles.Lines(Current)[2..].Select(line => line.Split(';')).ToList();

        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Bytes(Current));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(22_293, parsed.TypedRows.Count);
        Assert.Equal(dataLines.Sum(fields => Number(fields[14])), parsed.Column<decimal?>("financial_volume").Sum());
        Assert.Equal(dataLines.Sum(fields => (long)Number(fields[12])), parsed.Column<long?>("trade_count").Sum());
        Assert.Equal(dataLines.Sum(fields => (long)Number(fields[13])), parsed.Column<long?>("quantity").Sum());
        Assert.Equal(9_899, parsed.Column<string>("segment").Count(segment => segment == "EQUITY PUT"));
        Assert.All(parsed.Column<DateOnly?>("report_date"), date => Assert.Equal(new DateOnly(2025, 1, 27), date));
    }

    [Fact]
    public void EveryColumnOfTheCurrentLayoutIsMapped()
    {
        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Bytes(Current));

        var petr4 = parsed.Single("ticker", "PETR4");
        Assert.Equal(("BRPETRACNPR6", "CASH", null), (petr4["isin"], petr4["segment"], petr4["market"]));
        Assert.Equal((36.47m, 37.3m, 37.03m, 37.18m, 1.47m), (petr4["min_price"], petr4["max_price"], petr4["average_price"], petr4["last_price"], petr4["oscillation_percentage"]));
        Assert.Equal((43_025L, 29_809_700L, 1_103_954_520m), (petr4["trade_count"], petr4["quantity"], petr4["financial_volume"]));
        var di1 = parsed.Single("ticker", "DI1F27");
        Assert.Equal((-0.37m, 76_012.82m, 15.35m, 22_155_370_640.31m), (di1["oscillation_percentage"], di1["settlement_price"], di1["settlement_rate"], di1["financial_volume"]));
    }

    [Fact]
    public void RateDerivativesKeepTheirNegativeQuotes()
    {
        var spread = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Bytes(Current)).Single("ticker", "DIIF26F29");

        Assert.Equal((-0.07m, -0.03m), (spread["min_price"], spread["max_price"]));
    }

    [Fact]
    public void TheOldTwelveColumnLayoutParsesWithTheLaterColumnsNull()
    {
        var parsed = RecordingRowTarget.Parse(_parser, "b3/trades/2020-07-24.csv", FixtureFiles.Bytes(Old));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(10, parsed.TypedRows.Count);
        Assert.All(["oscillation_percentage", "settlement_rate", "financial_volume", "open_price", "market"], column =>
            Assert.All(parsed.Column<object>(column), Assert.Null));
        var petr4 = parsed.Single("ticker", "PETR4");
        Assert.Equal((22.42m, 23.06m, 22.75m, 22.73m, 45_405L, 43_380_300L), (petr4["min_price"], petr4["max_price"], petr4["average_price"], petr4["last_price"], petr4["trade_count"], petr4["quantity"]));
        var option = parsed.Single("ticker", "PETRA181");
        Assert.Equal((5.44m, null, null), (option["reference_price"], option["last_price"], option["trade_count"]));
    }

    [Fact]
    public void LfAndCrlfLineEndingsGiveTheSameRows()
    {
        var lines = FixtureFiles.Lines(Current);

        var lf = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines, "\n"));
        var crlf = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines, "\r\n"));

        Assert.Equal(22_293, crlf.TypedRows.Count);
        Assert.Equal(lf.RowTexts, crlf.RowTexts);
    }

    [Fact]
    public void ThreeCorruptedLinesAreRejectedExactlyAndEveryOtherLoads()
    {
        var lines = FixtureFiles.Lines(Current);
        lines[9] = lines[9].Replace(";CASH;", ";CASH;1,2,3", StringComparison.Ordinal);
        lines[499] = Replace(lines[499], field: 5, "0,01");
        lines[19_999] = Replace(lines[19_999], field: 1, string.Empty);

        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines, "\n"));

        Assert.Equal(22_290, parsed.TypedRows.Count);
        Assert.Equal([10L, 500L, 20_000L], parsed.Rejects.Select(reject => reject.Line));
        Assert.Equal([lines[9], lines[499], lines[19_999]], parsed.Rejects.Select(reject => reject.Raw));
        Assert.StartsWith("MinPric is not a number: '1,2,3", parsed.Rejects[0].Reason);
        Assert.StartsWith("MaxPric 0.01 is below MinPric ", parsed.Rejects[1].Reason);
        Assert.Equal("TckrSymb is required but empty", parsed.Rejects[2].Reason);
    }

    [Fact]
    public void ANegativeEquityPriceOrADuplicateTickerIsRejected()
    {
        var lines = FixtureFiles.Lines(Old).ToList();
        lines[5] = lines[5].Replace(";22,42;", ";-22,42;", StringComparison.Ordinal);
        lines.Add(lines[3]);

        var parsed = RecordingRowTarget.Parse(_parser, "b3/trades/2020-07-24.csv", FixtureFiles.Join(lines));

        Assert.Equal(
            [(6L, "MinPric is negative: -22.42"), (12L, "duplicate natural key (RptDt, TckrSymb) = (2020-07-24, PETR3): an earlier row of this file has the same key")],
            parsed.Rejects.Select(reject => (reject.Line, reject.Reason)));
    }

    [Fact]
    public void TickersLongerThanB3sOrNotAsciiAreCheckedForDuplicatesToo()
    {
        var lines = FixtureFiles.Lines(Old).ToList();
        lines[1] = Replace(lines[1], field: 1, "PETRPQ20LONG01");
        lines[2] = Replace(lines[2], field: 1, "PETRPQ20LONG02");
        lines[3] = Replace(lines[3], field: 1, "PETRÇ3");
        lines[4] = Replace(lines[4], field: 1, "PETRÇPQ20");
        lines.AddRange([lines[1], lines[2], lines[3], lines[4]]);

        var parsed = RecordingRowTarget.Parse(_parser, "b3/trades/2020-07-24.csv", FixtureFiles.Join(lines));

        Assert.Equal(lines.Count - 5, parsed.TypedRows.Count);
        Assert.Equal([12L, 13L, 14L, 15L], parsed.Rejects.Select(reject => reject.Line));
        Assert.All(parsed.Rejects, reject => Assert.StartsWith("duplicate natural key (RptDt, TckrSymb) = (2020-07-24, ", reject.Reason));
    }

    [Fact]
    public void ARowWithAValuePastTheHeadersColumnsIsRejectedButEmptyTrailingFieldsAreNot()
    {
        var lines = FixtureFiles.Lines(Old);
        lines[2] += ";;";
        lines[3] += ";; ;extra";

        var parsed = RecordingRowTarget.Parse(_parser, "b3/trades/2020-07-24.csv", FixtureFiles.Join(lines));

        Assert.Equal(lines.Length - 2, parsed.TypedRows.Count);
        Assert.Equal([(4L, "the row has 15 fields where the header has 12")], parsed.Rejects.Select(reject => (reject.Line, reject.Reason)));
    }

    [Fact]
    public void APartialFileFails()
    {
        var lines = FixtureFiles.Lines(Current);
        lines[0] = "Status do Arquivo: Parcial";

        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines)));

        Assert.Contains("file status is 'Parcial', not 'Final'", failure.Message);
    }

    [Theory]
    [InlineData("InstrumentsConsolidatedFile_20220128_documented.csv", "unknown header", "lacks MinPric, MaxPric, TradAvrgPric, LastPric, TradQty, FinInstrmQty")]
    [InlineData("COTAHIST_D25062021.TXT", "unknown header", "00COTAHIST.2021BOVESPA")]
    public void AFileOfAnotherLayoutFailsNamingTheMissingColumns(string fixture, string problem, string detail)
    {
        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Bytes(fixture)));

        Assert.StartsWith(problem, failure.Message);
        Assert.Contains(detail, failure.Message);
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("Status do Arquivo: Final\r\n", "empty file")]
    [InlineData("RptDt;TckrSymb;ISIN;SgmtNm;MinPric;MaxPric;TradAvrgPric;LastPric;AdjstdQt;RefPric;TradQty;FinInstrmQty\r\n", "the file holds no data rows")]
    public void AFileWithoutRowsFails(string content, string expected)
    {
        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join([content], string.Empty)));

        Assert.StartsWith(expected, failure.Message);
    }

    [Fact]
    public void RecognizesTheConsolidatedFileButNotTheBdiExport()
    {
        var bdi = new BdiTradesCsvParser();

        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(Current).AsSpan(0, 4096)));
        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(Old)));
        Assert.False(_parser.Recognizes(FixtureFiles.Bytes("COTAHIST_D25062021.TXT").AsSpan(0, 4096)));
        Assert.False(_parser.Recognizes(FixtureFiles.Bytes("BDI_ConsolidatedTradesEquities_20250127_built.csv")));
        Assert.False(bdi.Recognizes(FixtureFiles.Bytes(Current).AsSpan(0, 4096)));
        Assert.True(bdi.Recognizes(FixtureFiles.Bytes("BDI_ConsolidatedTradesEquities_20250127_built.csv")));
    }

    private static decimal Number(string field) =>
        field.Length == 0 ? 0 : decimal.Parse(field.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string Replace(string line, int field, string value)
    {
        var fields = line.Split(';');
        fields[field] = value;
        return string.Join(';', fields);
    }
}
