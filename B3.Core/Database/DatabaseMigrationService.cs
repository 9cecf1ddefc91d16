using B3.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Polly.Registry;

namespace B3.Core.Database;

/// <summary>Brings the schema up to date before the service does anything else (hosted services start in order).</summary>
internal sealed class DatabaseMigrationService(
    IConfiguration configuration,
    DatabaseMigrator migrator,
    ResiliencePipelineProvider<string> pipelines) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(OperationPipelines.Database);
        var migrations = Migration.LoadEmbedded();
        await pipeline.ExecuteAsync(async token =>
        {
            await DatabaseBootstrap.EnsureDatabaseExistsAsync(DatabaseExtensions.GetConnectionString(configuration), token);
            await migrator.MigrateAsync(migrations, token);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
