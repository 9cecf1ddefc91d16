using System.Text;
using B3.Processor.Parsing.Instruments;

namespace B3.Processor.Tests.Parsing;

public sealed class InstrumentsCsvParserTests
{
    private const string Options2022 = "InstrumentsConsolidatedFile_20220128_documented.csv";
    private const string Cash2026 = "InstrumentsConsolidatedFile_20260922_documented.csv";
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private readonly InstrumentsCsvParser _parser = new();

    [Fact]
    public void TheDocumentedOptionRowsParseIntoEveryColumn()
    {
        var parsed = RecordingRowTarget.Parse(_parser, "b3/instruments/2022-01-28.csv", FixtureFiles.Bytes(Options2022));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(["PETRB25", "PETRB251"], parsed.Column<string>("ticker"));
        var call = parsed.Single("ticker", "PETRB25");
        Assert.Equal((new DateOnly(2022, 1, 28), "PETR4", "PETR", "EQUITY CALL", "EQUITY-DERIVATE", "OPTION ON EQUITIES"),
            (call["report_date"], call["asset"], call["asset_description"], call["segment"], call["market"], call["security_category"]));
        Assert.Equal((new DateOnly(2023, 2, 17), new DateOnly(2021, 1, 20), new DateOnly(2023, 2, 17)),
            (call["expiration_date"], call["trading_start_date"], call["trading_end_date"]));
        Assert.Equal(("BRPETR4B0US1", "OCASPS", "Call", 100L, "BRL", "FINANCIAL"),
            (call["isin"], call["cfi_code"], call["option_type"], call["allocation_round_lot"], call["trading_currency"], call["delivery_type"]));
        Assert.Equal((19.51m, "AMER", true, 197, 1, 1), (call["exercise_price"], call["option_style"], call["premium_upfront_indicator"],
            call["distribution_id"], call["price_factor"], call["days_to_settlement"]));
        Assert.Equal(("SEM CORRECAO", true, false), (call["series_type"], call["protection_flag"], call["automatic_exercise_indicator"]));
        Assert.All(["expiration_code", "base_code", "required_conversion_indicator", "contract_multiplier", "corporation_name", "corporate_governance_level", "standard_trading_lot"],
            column => Assert.Null(call[column]));
    }

    [Fact]
    public void AccentsPaddingAndSentinelsSurviveTheStatusLineFile()
    {
        var parsed = RecordingRowTarget.Parse(_parser, "b3/instruments/2026-09-22.csv", FixtureFiles.Bytes(Cash2026));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(["PETR4", "SANB11", "BOVA11"], parsed.Column<string>("ticker"));
        var bova11 = parsed.Single("ticker", "BOVA11");
        Assert.Equal(("ISHARES IBOVESPA FUNDO DE ÍNDICE", "ETF EQUITIES", "CI"), (bova11["corporation_name"], bova11["security_category"], bova11["specification_code"]));
        Assert.Equal((null, null, null), (bova11["trading_start_date"], bova11["trading_end_date"], bova11["corporate_action_start_date"]));
        Assert.Equal(100L, bova11["standard_trading_lot"]);
        var petr4 = parsed.Single("ticker", "PETR4");
        Assert.Equal(("PN      N2", "PETROLEO BRASILEIRO S.A. PETROBRAS", "NIVEL 2"), (petr4["specification_code"], petr4["corporation_name"], petr4["corporate_governance_level"]));
        Assert.Null(parsed.Single("ticker", "SANB11")["corporate_governance_level"]);
    }

    [Fact]
    public void ColumnsAreFoundByNameInAnyOrderAndUnknownOnesAreIgnored()
    {
        var lines = Windows1252.GetString(FixtureFiles.Bytes(Cash2026)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var reordered = lines.Skip(1).Select(line => line.Split(';')).Select(fields => string.Join(';', fields.Reverse().Append("unknown value")))
            .Select((line, index) => index == 0 ? line.Replace("unknown value", "NewB3Column", StringComparison.Ordinal) : line);

        var parsed = RecordingRowTarget.Parse(_parser, "b3/instruments/2026-09-22.csv", Windows1252.GetBytes(string.Join("\r\n", reordered)));

        Assert.Equal(RecordingRowTarget.Parse(_parser, "b3/instruments/2026-09-22.csv", FixtureFiles.Bytes(Cash2026)).RowTexts, parsed.RowTexts);
    }

    [Fact]
    public void WithoutAReportDateColumnTheRowsTakeTheKeysDate()
    {
        var lines = FixtureFiles.Lines(Options2022).Select(line => line[(line.IndexOf(';', StringComparison.Ordinal) + 1)..]);

        var parsed = RecordingRowTarget.Parse(_parser, "b3/instruments/2022-01-31.csv", FixtureFiles.Join(lines));

        Assert.Equal([new DateOnly(2022, 1, 31), new DateOnly(2022, 1, 31)], parsed.Column<DateOnly?>("report_date"));
    }

    [Fact]
    public void BothLineEndingsGiveTheSameRows()
    {
        var crlf = Windows1252.GetBytes(Windows1252.GetString(FixtureFiles.Bytes(Cash2026)).Replace("\n", "\r\n", StringComparison.Ordinal));

        var parsed = RecordingRowTarget.Parse(_parser, "b3/instruments/2026-09-22.csv", crlf);

        Assert.Equal(RecordingRowTarget.Parse(_parser, "b3/instruments/2026-09-22.csv", FixtureFiles.Bytes(Cash2026)).RowTexts, parsed.RowTexts);
    }

    [Fact]
    public void AnInvalidDateOrFlagIsRejectedNamingTheField()
    {
        var lines = FixtureFiles.Lines(Options2022).ToList();
        lines.Add(lines[1].Replace("PETRB25;", "PETRB26;", StringComparison.Ordinal));
        lines[1] = lines[1].Replace("2023-02-17;;2021-01-20", "2023-02-30;;2021-01-20", StringComparison.Ordinal);
        lines[2] = lines[2].Replace(";SEM CORRECAO;true;", ";SEM CORRECAO;sim;", StringComparison.Ordinal);

        var parsed = RecordingRowTarget.Parse(_parser, "b3/instruments/2022-01-28.csv", FixtureFiles.Join(lines));

        Assert.Equal(["PETRB26"], parsed.Column<string>("ticker"));
        Assert.Equal(
            [(2L, "XprtnDt is not a valid date: '2023-02-30'"), (3L, "PrtcnFlg is not true or false: 'sim'")],
            parsed.Rejects.Select(reject => (reject.Line, reject.Reason)));
    }

    [Fact]
    public void RecognizesTheFileWithOrWithoutItsStatusLine()
    {
        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(Options2022)));
        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(Cash2026).AsSpan(0, 100)));
        Assert.False(_parser.Recognizes(FixtureFiles.Bytes("BDI_InstrumentsEquities_20261002_built.csv")));
        Assert.False(new BdiInstrumentsCsvParser().Recognizes(FixtureFiles.Bytes(Cash2026)));
    }
}
