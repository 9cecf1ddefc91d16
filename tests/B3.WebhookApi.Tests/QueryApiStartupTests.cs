using B3.Testing;

namespace B3.WebhookApi.Tests;

public sealed class QueryApiStartupTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task WithoutApiKeyTheServiceDoesNotStart(string? value)
    {
        var settings = new Dictionary<string, string?>(fixture.ConfigurationValues) { ["API_KEY"] = value };
        await using var factory = new WebhookApiFactory(settings);

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("API_KEY", failure.ToString());
    }
}
