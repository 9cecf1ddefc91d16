using B3.Testing;

namespace B3.WebhookApi.Tests;

public sealed class StartupTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    [Theory]
    [InlineData("WEBHOOK_SECRET", null, "WEBHOOK_SECRET")]
    [InlineData("WEBHOOK_SECRET", "whsec_not*base64", "WEBHOOK_SECRET secret #1 is not whsec_ followed by base64")]
    [InlineData("ConnectionStrings:b3db", null, "ConnectionStrings__b3db")]
    [InlineData("LOCAL_R2_ENDPOINT", null, "LOCAL_R2_ENDPOINT")]
    public async Task AMissingOrMalformedSettingStopsTheStartNamingIt(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>(fixture.ConfigurationValues) { [key] = value };
        await using var factory = new WebhookApiFactory(settings);

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(expected, Flatten(failure));
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
