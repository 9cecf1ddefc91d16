using System.Text;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Instruments;
using B3.Processor.Parsing.Trades;

namespace B3.Processor.Tests.Parsing;

public sealed class BdiCsvParserTests
{
    private const string Instruments = "BDI_InstrumentsEquities_20261002_built.csv";
    private const string Trades = "BDI_ConsolidatedTradesEquities_20250127_built.csv";

    [Fact]
    public void TheInstrumentsExportLoadsPastItsPreambleAndFooter()
    {
        var parsed = RecordingRowTarget.Parse(new BdiInstrumentsCsvParser(), "b3/instruments/2026-10-02.csv", FixtureFiles.Bytes(Instruments));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(["PETR4", "BOVA11", "PETRK380"], parsed.Column<string>("ticker"));
        var petr4 = parsed.Single("ticker", "PETR4");
        Assert.Equal((new DateOnly(2026, 10, 2), new DateOnly(2024, 1, 2), null), (petr4["report_date"], petr4["trading_start_date"], petr4["trading_end_date"]));
        Assert.Equal((205_431_960_490.52m, 214, "PN      N2"), (petr4["market_capitalisation"], petr4["distribution_id"], petr4["specification_code"]));
        Assert.Equal(("ISHARES IBOVESPA FUNDO DE ÍNDICE", null), (parsed.Single("ticker", "BOVA11")["corporation_name"], parsed.Single("ticker", "BOVA11")["distribution_id"]));
        var option = parsed.Single("ticker", "PETRK380");
        Assert.Equal((38m, "EURO", new DateOnly(2026, 10, 16)), (option["exercise_price"], option["option_style"], option["expiration_date"]));
    }

    [Fact]
    public void TheTradesExportLoadsWithItsOpeningPriceAndThousandsSeparators()
    {
        var parsed = RecordingRowTarget.Parse(new BdiTradesCsvParser(), "b3/trades/2025-01-27.csv", FixtureFiles.Bytes(Trades));

        Assert.Empty(parsed.Rejects);
        var petr4 = parsed.Single("ticker", "PETR4");
        Assert.Equal(("EQUITY-CASH", 36.60m, 36.47m, 37.30m, 1.47m), (petr4["market"], petr4["open_price"], petr4["min_price"], petr4["max_price"], petr4["oscillation_percentage"]));
        Assert.Equal((43_025L, 29_809_700L, 1_103_954_520.00m), (petr4["trade_count"], petr4["quantity"], petr4["financial_volume"]));
        Assert.All(["open_price", "last_price", "trade_count", "financial_volume"], column => Assert.Null(parsed.Single("ticker", "PETRB380")[column]));
    }

    [Fact]
    public void OnlyTheLastShortLineIsTakenForTheFooter()
    {
        var text = Encoding.UTF8.GetString(FixtureFiles.Bytes(Trades)).Replace("27/01/2025;BOVA11", "texto solto\r\n27/01/2025;BOVA11", StringComparison.Ordinal);

        var parsed = RecordingRowTarget.Parse(new BdiTradesCsvParser(), "b3/trades/2025-01-27.csv", Encoding.UTF8.GetBytes(text));

        Assert.Equal(3, parsed.TypedRows.Count);
        Assert.Equal([(6L, "texto solto", "the row has 1 fields where the header has 14")], parsed.Rejects);
    }

    [Fact]
    public void AnExportWithoutResultsFails()
    {
        var content = Encoding.UTF8.GetBytes("\uFEFFNegócios consolidados - Renda Variável\r\n\r\nNenhum resultado\r\n");

        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(new BdiTradesCsvParser(), "b3/trades/2025-01-27.csv", content));

        Assert.Equal("the BDI CSV export holds no rows ('Nenhum resultado')", failure.Message);
    }

    [Fact]
    public void AnExportOfTheOtherTableFailsNamingTheMissingColumns()
    {
        var failure = Assert.Throws<InvalidFileException>(
            () => RecordingRowTarget.Parse(new BdiInstrumentsCsvParser(), "b3/instruments/2025-01-27.csv", FixtureFiles.Bytes(Trades)));

        Assert.StartsWith("unknown header: instruments in a BDI CSV export need the columns TckrSymb, Asst, AsstDesc, SgmtNm, MktNm, SctyCtgyNm", failure.Message);
    }

    [Fact]
    public void TheExportsAreRecognizedByTheirByteOrderMarkAndHeader()
    {
        Assert.True(new BdiInstrumentsCsvParser().Recognizes(FixtureFiles.Bytes(Instruments)));
        Assert.True(new BdiTradesCsvParser().Recognizes(FixtureFiles.Bytes(Trades)));
        Assert.False(new BdiTradesCsvParser().Recognizes(FixtureFiles.Bytes("TradeInformationConsolidatedFile_20200724_EXCERPT_9_rows.csv")));
    }
}
