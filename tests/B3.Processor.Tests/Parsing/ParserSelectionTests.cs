namespace B3.Processor.Tests.Parsing;

public sealed class ParserSelectionTests
{
    private const int LoaderHeadBytes = 4096;

    [Theory]
    [MemberData(nameof(ParserCatalog.Files), MemberType = typeof(ParserCatalog))]
    public void OnlyOneParserOfTheDatasetRecognizesEachFormat(string parserName, string key, string fixture)
    {
        var expected = ParserCatalog.Named(parserName);
        var content = FixtureFiles.Bytes(fixture);
        var head = content.AsSpan(0, Math.Min(content.Length, LoaderHeadBytes)).ToArray();

        var recognizing = ParserCatalog.Parsers.Where(parser => parser.Dataset == expected.Dataset && parser.Recognizes(head));

        Assert.Equal([parserName], recognizing.Select(parser => parser.GetType().Name));
        Assert.StartsWith($"b3/{expected.Dataset.Name}/", key);
    }
}
