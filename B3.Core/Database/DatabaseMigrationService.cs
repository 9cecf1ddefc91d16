using System.Net.Sockets;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace B3.Core.Database;

/// <summary>Brings the schema up to date before the service does anything else (hosted services start in order).</summary>
internal sealed class DatabaseMigrationService(
    IConfiguration configuration,
    DatabaseMigrator migrator,
    IOptions<RetrySettings> retry,
    ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = RetryPipelines.ForOperations("Database migration", IsTransient, retry.Value, logger);
        var migrations = Migration.LoadEmbedded();
        await pipeline.ExecuteAsync(async token =>
        {
            await DatabaseBootstrap.EnsureDatabaseExistsAsync(DatabaseExtensions.GetConnectionString(configuration), token);
            await migrator.MigrateAsync(migrations, token);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        SocketException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
