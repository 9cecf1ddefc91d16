using B3.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Polly.Registry;

namespace B3.Core.Database;

/// <summary>
/// Brings the schema up to date before the service does anything else (hosted services start in order). The database
/// pipeline retries the whole run; the context it migrates with retries nothing itself (the services' context, from
/// Aspire, retries each command, and the two would multiply their attempts).
/// </summary>
internal sealed class DatabaseMigrationService(IConfiguration configuration, ResiliencePipelineProvider<string> pipelines) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await pipelines.GetPipeline(OperationPipelines.Database).ExecuteAsync(async token =>
        {
            var connectionString = DatabaseExtensions.GetConnectionString(configuration);
            await DatabaseBootstrap.EnsureDatabaseExistsAsync(connectionString, token);
            await SchemaMigration.MigrateAsync(connectionString, token);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
