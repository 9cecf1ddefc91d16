using System.Text;
using System.Text.Json.Nodes;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Ibov;

namespace B3.Processor.Tests.Parsing;

public sealed class IbovPortfolioParserTests
{
    private const string Stored = "ibov_2026-10-05_built.json";
    private const string Key = "b3/ibov/2026-10-05.json";
    private readonly IbovPortfolioParser _parser = new();

    [Fact]
    public void TheStoredDocumentYieldsEveryMemberOfEveryPage()
    {
        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Bytes(Stored));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(["PETR4", "SMTO3", "ALOS3"], parsed.Column<string>("ticker"));
        var petr4 = parsed.Single("ticker", "PETR4");
        Assert.Equal((new DateOnly(2026, 10, 5), "IBOV", "PETROBRAS", "PN      N2"), (petr4["report_date"], petr4["index_code"], petr4["asset"], petr4["type"]));
        Assert.Equal((6.931m, 4_566_445_852m, 14_882_911.87891m), (petr4["participation"], petr4["theoretical_quantity"], petr4["reductor"]));
        Assert.Equal("SÃO MARTINHO", parsed.Single("ticker", "SMTO3")["asset"]);
    }

    [Fact]
    public void ABarePageOrAnArrayOfPagesTakesTheKeysDate()
    {
        var pages = Pages();
        var onePage = pages[0]!.DeepClone();
        onePage["page"]!["totalPages"] = 1;
        onePage["results"]!.AsArray().Add(pages[1]!["results"]![0]!.DeepClone());

        var single = RecordingRowTarget.Parse(_parser, "b3/ibov/2026-10-06.json", Encoding.UTF8.GetBytes(onePage.ToJsonString()));
        var array = RecordingRowTarget.Parse(_parser, "b3/ibov/2026-10-06.json", Encoding.UTF8.GetBytes(pages.ToJsonString()));

        Assert.Equal(["PETR4", "SMTO3", "ALOS3"], single.Column<string>("ticker"));
        Assert.Equal(single.RowTexts, array.RowTexts);
        Assert.All(single.Column<DateOnly?>("report_date"), date => Assert.Equal(new DateOnly(2026, 10, 6), date));
    }

    [Fact]
    public void AMissingPageFailsTheFile()
    {
        var document = JsonNode.Parse(FixtureFiles.Bytes(Stored))!;
        document["pages"]!.AsArray().RemoveAt(1);

        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, Encoding.UTF8.GetBytes(document.ToJsonString())));

        Assert.Equal("the pages declare 3 members (page.totalRecords) but 2 were read: a page is missing", failure.Message);
    }

    [Fact]
    public void AMemberWithABadNumberIsRejected()
    {
        var document = JsonNode.Parse(FixtureFiles.Bytes(Stored))!;
        document["pages"]![0]!["results"]![1]!["part"] = "0,1,92";

        var parsed = RecordingRowTarget.Parse(_parser, Key, Encoding.UTF8.GetBytes(document.ToJsonString()));

        var reject = Assert.Single(parsed.Rejects);
        Assert.Equal((2L, "part is not a number: '0,1,92'"), (reject.Line, reject.Reason));
        Assert.Contains("\"cod\":\"SMTO3\"", reject.Raw);
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("{\"pages\": [", "not valid JSON")]
    [InlineData("{\"hello\": 1}", "unknown JSON shape")]
    [InlineData("[{\"results\": 1}]", "unknown JSON shape: page 1 has no \"results\" array")]
    [InlineData("{\"page\": {\"totalRecords\": 0}, \"results\": []}", "the file holds no data rows")]
    public void ABrokenDocumentFailsNamingTheProblem(string content, string expected)
    {
        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, Encoding.UTF8.GetBytes(content)));

        Assert.StartsWith(expected, failure.Message);
    }

    [Fact]
    public void RecognizesJson()
    {
        Assert.True(_parser.Recognizes(FixtureFiles.Bytes(Stored)));
        Assert.True(_parser.Recognizes("\uFEFF  [ {"u8));
        Assert.False(_parser.Recognizes("RptDt;TckrSymb"u8));
    }

    private static JsonArray Pages() => JsonNode.Parse(FixtureFiles.Bytes(Stored))!["pages"]!.AsArray();
}
