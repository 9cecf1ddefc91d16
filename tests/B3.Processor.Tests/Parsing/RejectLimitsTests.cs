using B3.Core.Datasets;
using B3.Processor.Parsing;
using B3.Processor.Parsing.Trades;

namespace B3.Processor.Tests.Parsing;

public sealed class RejectLimitsTests
{
    private const string Key = "b3/trades/2025-01-27.csv";
    private readonly TradesCsvParser _parser = new();
    private readonly string[] _lines = FixtureFiles.Lines("TradeInformationConsolidatedFile_20250127_1.csv");

    [Fact]
    public void AShareOfInvalidRowsAboveTheLimitFailsTheFileEarly()
    {
        var (failure, target) = ParseWithEveryNthRowBroken(5);

        Assert.StartsWith("too many invalid rows: 21 of the 101 rows read so far were rejected", failure.Message);
        Assert.Contains("the first was line 3: TckrSymb is required but empty", failure.Message);
        Assert.Equal(21, target.Rejects.Count);
    }

    [Fact]
    public void MoreRejectsThanTheCountLimitFailTheFileEvenBelowTheShare()
    {
        var (failure, target) = ParseWithEveryNthRowBroken(20);

        Assert.StartsWith($"too many invalid rows: {RejectLimits.MaxRejectedRows + 1} of the ", failure.Message);
        Assert.Equal(RejectLimits.MaxRejectedRows + 1, target.Rejects.Count);
    }

    [Fact]
    public void TheShareIsCheckedAgainAtTheEndOfTheFile()
    {
        var lines = _lines[..152].Select((line, index) => index is >= 2 and < 22 ? Blank(line) : line);

        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines)));

        Assert.StartsWith("too many invalid rows: 20 of the 150 rows were rejected", failure.Message);
    }

    [Fact]
    public void ASmallFileLoadsWhateverShareOfItIsValid()
    {
        var lines = _lines[..12].Select((line, index) => index is >= 2 and < 6 ? Blank(line) : line);

        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines));

        Assert.Equal((6, 4), (parsed.TypedRows.Count, parsed.Rejects.Count));
    }

    [Fact]
    public void AFileWhoseEveryRowIsInvalidFails()
    {
        var lines = _lines[..12].Select((line, index) => index >= 2 ? Blank(line) : line);

        var failure = Assert.Throws<InvalidFileException>(() => RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines)));

        Assert.StartsWith("too many invalid rows: 10 of the 10 rows were rejected", failure.Message);
    }

    private (InvalidFileException Failure, RecordingRowTarget Target) ParseWithEveryNthRowBroken(int n)
    {
        var content = FixtureFiles.Join(_lines.Select((line, index) => index >= 2 && (index - 2) % n == 0 ? Blank(line) : line));
        var target = new RecordingRowTarget(_parser.Columns);
        Assert.True(new ObjectKeys().TryParse(Key, out var key));

        var failure = Assert.Throws<InvalidFileException>(
            () => _parser.Parse(new MemoryStream(content), new ParseContext(key), target, TestContext.Current.CancellationToken));

        return (failure, target);
    }

    /// <summary>The row without its ticker, a required field.</summary>
    private static string Blank(string line) => line.Remove(11, line.IndexOf(';', 11) - 11);
}
