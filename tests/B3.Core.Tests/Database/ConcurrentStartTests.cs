using B3.Core.Database;
using B3.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace B3.Core.Tests.Database;

public sealed class ConcurrentStartTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ThreeServicesStartingAtOnceAgainstNoDatabaseAllBecomeHealthyAndMigrateOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = fixture.ConnectionStringToNewDatabase("fresh");
        var environment = new Dictionary<string, string?>(fixture.EnvironmentVariables)
        {
            ["ConnectionStrings__b3db"] = connectionString,
            // B3 is never reachable from tests: the Downloader's daily schedule and catch-up stay off.
            ["DOWNLOADER_SCHEDULE_ENABLED"] = "false",
        };

        ServiceProcess[] services =
        [
            ServiceProcess.Start("B3.Downloader", environment),
            ServiceProcess.Start("B3.WebhookApi", environment),
            ServiceProcess.Start("B3.Processor", environment),
        ];
        try
        {
            await Task.WhenAll(services.Select(service => service.WaitUntilHealthyAsync(StartTimeout, ct)));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""SELECT migration_id FROM "__EFMigrationsHistory" ORDER BY 1""");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var applied = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            applied.Add(reader.GetString(0));
        }

        await using var db = B3DbContextOptions.Create(connectionString);
        Assert.Equal(db.Database.GetMigrations(), applied);
    }
}
