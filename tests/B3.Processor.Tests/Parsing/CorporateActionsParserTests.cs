using System.Text;
using System.Text.Json.Nodes;
using B3.Processor.Parsing;
using B3.Processor.Parsing.CorporateActions;

namespace B3.Processor.Tests.Parsing;

/// <summary>The day's snapshot of B3's listed-companies API, from the real answers of b3-corporate-actions.md.</summary>
public sealed class CorporateActionsParserTests
{
    private const string Stored = "corporate-actions_2026-08-24_built.json";
    private const string Key = "b3/corporate-actions/2026-08-24.json";
    private readonly CorporateActionsParser _parser = new();

    [Fact]
    public void MagazineLuizasSplitReverseSplitAndBonusAreSizedByTheirLabels()
    {
        var parsed = Parse(FixtureFiles.Bytes(Stored));

        var mglu = parsed.Where("issuing_company", "MGLU");
        Assert.Equal(
            [
                ("split", "DESDOBRAMENTO", 300m, 4m, new DateOnly(2020, 10, 13), new DateOnly(2020, 10, 14)),
                ("reverse_split", "GRUPAMENTO", 0.1m, 0.1m, new DateOnly(2024, 5, 24), new DateOnly(2024, 5, 27)),
                ("bonus", "BONIFICACAO", 5m, 1.05m, new DateOnly(2025, 12, 29), new DateOnly(2025, 12, 30)),
            ],
            mglu.Select(row => ((string)row["kind"]!, (string)row["label"]!, (decimal)row["factor"]!, (decimal)row["share_multiplier"]!,
                (DateOnly)row["last_date_prior"]!, (DateOnly)row["ex_date"]!)));
        Assert.All(mglu, row => Assert.Equal(("BRMGLUACNOR2", "MGLU3", "supplement", true), (row["isin"], row["ticker"], row["source"], row["sized"])));
        Assert.Equal(new DateOnly(2020, 10, 7), mglu[0]["approved_on"]);
    }

    [Fact]
    public void AmbevsDividendsComeFromTheSupplementAndTheWholeCashHistory()
    {
        var parsed = Parse(FixtureFiles.Bytes(Stored));

        var abev = parsed.Where("issuing_company", "ABEV");
        Assert.Equal(2 + 29, abev.Count);
        Assert.All(abev, row => Assert.Equal(("cash", "ABEV3", true), (row["kind"], row["ticker"], row["sized"])));
        var supplement = abev.Where(row => (string)row["source"]! == "supplement").ToList();
        Assert.Equal(
            [("DIVIDENDO", 0.1334m), ("JRS CAP PROPRIO", 0.4702m)],
            supplement.Select(row => ((string)row["label"]!, (decimal)row["cash_amount"]!)));
        Assert.All(supplement, row => Assert.Equal(
            ("BRABEVACNOR1", new DateOnly(2021, 12, 9), new DateOnly(2021, 12, 17), new DateOnly(2021, 12, 20), new DateOnly(2021, 12, 30), "Anual/2021"),
            (row["isin"], row["approved_on"], row["last_date_prior"], row["ex_date"], row["payment_date"], row["related_to"])));

        var history = abev.Where(row => (string)row["source"]! == "cash_history").ToList();
        Assert.Equal(29, history.Count);
        Assert.All(history, row => Assert.Null(row["isin"]));
        // The oldest row: 0,154 of JCP with 14/01/2014 as the last day com, exactly 0.154 (a double would not print so).
        Assert.Equal(("JRS CAP PROPRIO", 0.154m, new DateOnly(2014, 1, 15)), (history[^1]["label"], history[^1]["cash_amount"], history[^1]["ex_date"]));
        Assert.Equal("0.154", ((decimal)history[^1]["cash_amount"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Two JCP amounts approved together (0,03 and 0,06 on 27/02/2015) are two events.
        Assert.Equal([0.03m, 0.06m], history.Where(row => (DateOnly)row["last_date_prior"]! == new DateOnly(2015, 2, 27)).Select(row => (decimal)row["cash_amount"]!));
    }

    [Fact]
    public void AStringWrappedSupplementIsDecodedAndAnUnsizedLabelIsKeptFlagged()
    {
        var parsed = Parse(FixtureFiles.Bytes(Stored));

        Assert.Equal(3, parsed.Where("issuing_company", "MGLU").Count);
        var itub = parsed.Single("issuing_company", "ITUB");
        Assert.Equal(("other", "CIS RED CAP", 100m, null, false, "ITUB4"), (itub["kind"], itub["label"], itub["factor"], itub["share_multiplier"], itub["sized"], itub["ticker"]));
    }

    [Fact]
    public void AnEmptyBodyIsNoEventsAndAMissingIssuerIsQuarantinedWithItsReason()
    {
        var parsed = Parse(FixtureFiles.Bytes(Stored));

        Assert.Empty(parsed.Where("issuing_company", "WWWW"));
        var (line, raw, reason) = Assert.Single(parsed.Rejects);
        Assert.Equal(36, line);
        Assert.Contains("\"KLBN\"", raw, StringComparison.Ordinal);
        Assert.Equal("issuer KLBN is missing from the snapshot: GetListedCashDividends answered page.totalRecords null (page size 200?) on 3 attempts", reason);
        Assert.Equal(Enumerable.Range(1, 35).Select(i => (long?)i), parsed.Column<long?>("position"));
    }

    [Fact]
    public void TheCashHistoryOfAnIssuerWhoseKeyIsNotItsTickerRootTakesTheRootItsIsinsSpell()
    {
        // B100's shares trade as ADMF3 (b3-corporate-actions.md §1); its cash history names only the class, ON.
        var document = JsonNode.Parse(FixtureFiles.Bytes(Stored))!;
        var abev = document["companies"]![0]!;
        abev["issuingCompany"] = "B100";
        abev["supplement"]![0]!["cashDividends"]![0]!["isinCode"] = "BRADMFACNOR0";
        abev["supplement"]![0]!["cashDividends"]![1]!["isinCode"] = "BRADMFACNOR0";

        var b100 = Parse(Encoding.UTF8.GetBytes(document.ToJsonString())).Where("issuing_company", "B100");

        Assert.Equal(31, b100.Count);
        Assert.All(b100, row => Assert.Equal("ADMF3", row["ticker"]));
    }

    [Fact]
    public void ACashHistoryWithANullTotalFailsTheFile()
    {
        var document = JsonNode.Parse(FixtureFiles.Bytes(Stored))!;
        document["companies"]![0]!["cashDividends"]![0]!["page"]!["totalRecords"] = null;

        var failure = Assert.Throws<InvalidFileException>(() => Parse(Encoding.UTF8.GetBytes(document.ToJsonString())));

        Assert.Equal("ABEV's cash history declares no page.totalRecords but 29 rows were stored: a page is missing", failure.Message);
    }

    [Fact]
    public void ACashHistoryIsReadAcrossPagesAndAPerThousandQuoteIsDividedOut()
    {
        var document = JsonNode.Parse(FixtureFiles.Bytes(Stored))!;
        var pages = document["companies"]![0]!["cashDividends"]!.AsArray();
        var rows = pages[0]!["results"]!.AsArray();
        var second = new JsonObject { ["page"] = new JsonObject { ["pageNumber"] = 2, ["totalRecords"] = 29 }, ["results"] = new JsonArray() };
        for (var moved = 0; moved < 9; moved++)
        {
            var row = rows[^1]!;
            rows.RemoveAt(rows.Count - 1);
            second["results"]!.AsArray().Insert(0, row);
        }

        second["results"]![8]!["quotedPerShares"] = "1000";
        second["results"]![8]!["valueCash"] = "154,5";
        pages.Add(second);

        var history = Parse(Encoding.UTF8.GetBytes(document.ToJsonString())).Where("source", "cash_history");

        Assert.Equal(29, history.Count);
        Assert.Equal(0.1545m, history[^1]["cash_amount"]);
    }

    [Theory]
    [InlineData("rate", "0.1334", "rate/valueCash is not a number: '0.1334'")]
    [InlineData("lastDatePrior", "2021-12-17", "lastDatePrior is not a dd/MM/yyyy date: '2021-12-17'")]
    [InlineData("rate", "", "a cash event needs its amount per share")]
    public void AnEventWithABrazilianFormatMistakeIsQuarantinedAndTheRestLoads(string field, string value, string reason)
    {
        var document = JsonNode.Parse(FixtureFiles.Bytes(Stored))!;
        document["companies"]![0]!["supplement"]![0]!["cashDividends"]![0]![field] = value;

        var parsed = Parse(Encoding.UTF8.GetBytes(document.ToJsonString()));

        Assert.Equal(34, parsed.TypedRows.Count);
        Assert.Contains(parsed.Rejects, reject => reject.Line == 1 && reject.Reason == reason);
    }

    [Fact]
    public void ASnapshotStoredUnderAnotherDateIsRefused()
    {
        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, "b3/corporate-actions/2026-08-25.json", FixtureFiles.Bytes(Stored)));

        Assert.Equal("the snapshot is dated 2026-08-24 but stored as b3/corporate-actions/2026-08-25.json", failure.Message);
    }

    private RecordingRowTarget Parse(byte[] content) => RecordingRowTarget.Parse(_parser, Key, content);
}
