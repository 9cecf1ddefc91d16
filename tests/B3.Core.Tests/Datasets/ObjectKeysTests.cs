using B3.Core.Datasets;

namespace B3.Core.Tests.Datasets;

public sealed class ObjectKeysTests
{
    private readonly ObjectKeys _keys = new();

    [Theory]
    [InlineData("instruments", "b3/instruments/2025-12-05.csv")]
    [InlineData("trades", "b3/trades/2025-12-05.csv")]
    [InlineData("cotahist", "b3/cotahist/2025-12-05.zip")]
    [InlineData("ibov", "b3/ibov/2025-12-05.json")]
    public void DailyKeysFollowTheDesign(string dataset, string expected)
    {
        var key = _keys.For(Dataset.Parse(dataset), new DateOnly(2025, 12, 5));

        Assert.Equal(expected, key);
        Assert.True(_keys.TryParse(key, out var parsed));
        Assert.Equal(Dataset.Parse(dataset), parsed.Dataset);
        Assert.Equal(new DateOnly(2025, 12, 5), parsed.From);
        Assert.False(parsed.IsYearly);
    }

    [Fact]
    public void AYearlyCotahistKeyCoversItsYear()
    {
        var key = _keys.ForYear(Dataset.Cotahist, 2024);

        Assert.Equal("b3/cotahist/2024.zip", key);
        Assert.True(_keys.TryParse(key, out var parsed));
        Assert.True(parsed.IsYearly);
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), (parsed.From, parsed.To));
        Assert.True(parsed.Overlaps(new DateOnly(2024, 6, 1), new DateOnly(2024, 6, 1)));
        Assert.False(parsed.Overlaps(new DateOnly(2025, 1, 1), null));
    }

    [Theory]
    [InlineData("b3/instruments/2025-13-01.csv")]
    [InlineData("b3/instruments/2025-12-05.zip")]
    [InlineData("b3/other/2025-12-05.csv")]
    [InlineData("instruments/2025-12-05.csv")]
    [InlineData("b3/trades/latest.csv")]
    public void ForeignKeysDoNotParse(string key)
    {
        Assert.False(_keys.TryParse(key, out _));
    }

    [Fact]
    public void TheInstrumentsPrefixCanBeMoved()
    {
        var keys = new ObjectKeys("raw/b3-instruments");

        Assert.Equal("raw/b3-instruments/2025-01-27.csv", keys.For(Dataset.Instruments, new DateOnly(2025, 1, 27)));
        Assert.Equal("b3/trades/2025-01-27.csv", keys.For(Dataset.Trades, new DateOnly(2025, 1, 27)));
        Assert.True(keys.TryParse("raw/b3-instruments/2025-01-27.csv", out var parsed));
        Assert.Equal(Dataset.Instruments, parsed.Dataset);
    }

    [Fact]
    public void AHyphenatedDatasetNameIsAKeyFolderLikeAnyOther()
    {
        Assert.Equal("b3/corporate-actions/2026-08-24.json", _keys.For(Dataset.CorporateActions, new DateOnly(2026, 8, 24)));
        Assert.True(_keys.TryParse("b3/corporate-actions/2026-08-24.json", out var parsed));
        Assert.Equal((Dataset.CorporateActions, new DateOnly(2026, 8, 24), false), (parsed.Dataset, parsed.From, parsed.IsYearly));
    }

    [Fact]
    public void AnUnknownDatasetNamesTheChoices()
    {
        var failure = Assert.Throws<ArgumentException>(() => Dataset.Parse("futures"));

        Assert.Contains("'futures'", failure.Message);
        Assert.Contains("instruments, trades, cotahist, ibov, corporate-actions", failure.Message);
    }
}
