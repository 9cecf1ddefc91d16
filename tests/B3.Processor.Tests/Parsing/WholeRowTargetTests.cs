namespace B3.Processor.Tests.Parsing;

public sealed class WholeRowTargetTests
{
    [Theory]
    [MemberData(nameof(ParserCatalog.Files), MemberType = typeof(ParserCatalog))]
    public void ATargetThatTakesWholeRowsGetsTheSameRowsAsOneThatTakesValues(string parserName, string key, string file)
    {
        var parser = ParserCatalog.Named(parserName);
        var content = FixtureFiles.Bytes(file);

        var byValue = RecordingRowTarget.Parse(parser, key, content);
        var whole = RecordingRowTarget.ParseWholeRows(parser, key, content);

        Assert.NotEmpty(byValue.TypedRows);
        Assert.Equal(byValue.TypedRows, whole.TypedRows);
        Assert.Equal(byValue.Rejects, whole.Rejects);
    }
}
