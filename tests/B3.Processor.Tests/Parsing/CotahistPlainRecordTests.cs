using B3.Processor.Parsing.Cotahist;

namespace B3.Processor.Tests.Parsing;

/// <summary>
/// Plain quote records take a fast path, any other record the general one. A record whose TPMERC is written with a
/// leading blank instead of a leading zero (" 10" for "010") has the same values but is not plain, so a file of such
/// records shows what the general path makes of every record; and a record that differs from a plain one in one field
/// must get what the general path always gave it.
/// </summary>
public sealed class CotahistPlainRecordTests
{
    private const string DailyText = "COTAHIST_D25062021.TXT";
    private const string Key = "b3/cotahist/2021-06-25.zip";
    private const int MarketTypeStart = 24;
    private readonly CotahistParser _parser = new();

    [Theory]
    [InlineData("COTAHIST_D08112024.ZIP", "b3/cotahist/2024-11-08.zip")]
    [InlineData(DailyText, Key)]
    public void TheFastAndTheGeneralPathGiveEqualRowsForTheRealFiles(string file, string key)
    {
        var lines = file.EndsWith(".ZIP", StringComparison.Ordinal) ? FixtureFiles.ZipMemberLines(file) : FixtureFiles.Lines(file);
        var general = lines.Select(line => line.StartsWith("01", StringComparison.Ordinal) ? WithBlankForLeadingZero(line, MarketTypeStart) : line);

        var fast = RecordingRowTarget.Parse(_parser, key, FixtureFiles.Join(lines));
        var slow = RecordingRowTarget.Parse(_parser, key, FixtureFiles.Join(general));

        Assert.Empty(fast.Rejects);
        Assert.Equal(fast.TypedRows, slow.TypedRows);
    }

    [Theory]
    [InlineData(56, "-000000003585", "PREABE is not a number: '-000000003585'")]
    [InlineData(69, "00000000036A2", "PREMAX is not a number: '00000000036A2'")]
    [InlineData(152, "0000000000049 9270", "QUATOT is not a whole number: '0000000000049 9270'")]
    [InlineData(202, "20241340", "DATVEN is not a valid date: '20241340'")]
    [InlineData(2, "20210231", "DATPRE is not a valid date: '20210231'")]
    [InlineData(2, "99991231", "DATPRE is required but empty")]
    [InlineData(12, "            ", "CODNEG is required but empty")]
    [InlineData(210, "0000000", "FATCOT is 0: the prices cannot be divided by it")]
    [InlineData(49, "3 0", "PRAZOT is not a whole number: '3 0'")]
    [InlineData(24, "0x0", "TPMERC is not a whole number: '0x0'")]
    [InlineData(242, "+14", "DISMES is not a whole number: '+14'")]
    public void ARecordWithOneFieldThatIsNotPlainIsRejectedForThatField(int start, string field, string reason)
    {
        var lines = FixtureFiles.Lines(DailyText);
        lines[1] = string.Concat(lines[1].AsSpan(0, start), field, lines[1].AsSpan(start + field.Length));

        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines));

        Assert.Equal([(2L, lines[1], reason)], parsed.Rejects);
    }

    [Theory]
    [InlineData(56, "             ", "open", null)]
    [InlineData(49, "   ", "term_days", 0)]
    [InlineData(49, " 30", "term_days", 30)]
    [InlineData(242, "  7", "distribution_number", 7)]
    [InlineData(39, "          ", "specification", null)]
    [InlineData(147, "-0001", "trade_count", -1L)]
    public void ARecordWithBlanksWhereTheGeneralPathAcceptsThemLoads(int start, string field, string column, object? expected)
    {
        var lines = FixtureFiles.Lines(DailyText);
        lines[1] = string.Concat(lines[1].AsSpan(0, start), field, lines[1].AsSpan(start + field.Length));
        var ticker = lines[1].Substring(12, 12).Trim();

        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines));

        Assert.Empty(parsed.Rejects);
        Assert.Equal(expected, parsed.Single("ticker", ticker)[column]);
    }

    [Theory]
    [InlineData(56, "9999999999999")]
    [InlineData(69, "1234567890123")]
    [InlineData(82, "0000000000001")]
    [InlineData(152, "999999999999999999")]
    [InlineData(152, "123456789012345678")]
    [InlineData(170, "900000000000000001")]
    [InlineData(147, "99999")]
    [InlineData(210, "9999999")]
    [InlineData(217, "1234567890123")]
    [InlineData(242, "999")]
    public void ExtremeDigitsReadAlikeOnBothPaths(int start, string digits)
    {
        var lines = FixtureFiles.Lines(DailyText);
        lines[1] = string.Concat(lines[1].AsSpan(0, start), digits, lines[1].AsSpan(start + digits.Length));
        var general = lines.ToArray();
        general[1] = WithBlankForLeadingZero(general[1], MarketTypeStart);

        var fast = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(lines));
        var slow = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(general));

        Assert.Empty(fast.Rejects);
        Assert.Equal(slow.TypedRows, fast.TypedRows);
    }

    [Fact]
    public void ARepeatedRecordIsADuplicateWhicheverPathEachCopyTakes()
    {
        var lines = FixtureFiles.Lines(DailyText).ToList();
        lines.Insert(3, WithBlankForLeadingZero(lines[1], MarketTypeStart));
        lines.Insert(5, lines[2]);

        var parsed = RecordingRowTarget.Parse(_parser, Key, FixtureFiles.Join(FixtureFiles.WithCotahistTrailerCount(lines)));

        Assert.Equal([4L, 6L], parsed.Rejects.Select(reject => reject.Line));
        Assert.All(parsed.Rejects, reject => Assert.StartsWith("duplicate natural key (DATPRE, CODNEG, TPMERC, PRAZOT) = (2021-06-25, ", reject.Reason));
    }

    private static string WithBlankForLeadingZero(string record, int start)
    {
        Assert.Equal('0', record[start]);
        return string.Concat(record.AsSpan(0, start), " ", record.AsSpan(start + 1));
    }
}
