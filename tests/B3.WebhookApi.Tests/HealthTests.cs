using System.Net;
using B3.Testing;
using Npgsql;

namespace B3.WebhookApi.Tests;

public sealed class HealthTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    [Fact]
    public async Task HealthTurnsUnhealthyWhileTheDatabaseIsUnreachableAndRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = new NpgsqlConnectionStringBuilder(fixture.ConnectionString);
        await using var proxy = new TcpProxy(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = proxy.Port;
        database.Timeout = 3;
        var settings = new Dictionary<string, string?>(fixture.ConfigurationValues) { ["ConnectionStrings:b3db"] = database.ConnectionString };
        await using var factory = new WebhookApiFactory(settings);
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", ct)).StatusCode);

        proxy.Cut();
        var unreachable = await client.GetAsync("/health", ct);
        var alive = await client.GetAsync("/alive", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.StatusCode);
        Assert.Equal("Unhealthy", await unreachable.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        proxy.Restore();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", ct)).StatusCode);
    }
}
