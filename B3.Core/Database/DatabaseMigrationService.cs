using B3.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.Registry;

namespace B3.Core.Database;

/// <summary>Brings the schema up to date before the service does anything else (hosted services start in order).</summary>
internal sealed class DatabaseMigrationService(
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    ResiliencePipelineProvider<string> pipelines) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await pipelines.GetPipeline(OperationPipelines.Database).ExecuteAsync(async token =>
        {
            await DatabaseBootstrap.EnsureDatabaseExistsAsync(DatabaseExtensions.GetConnectionString(configuration), token);
            await using var scope = scopes.CreateAsyncScope();
            await SchemaMigration.MigrateAsync(scope.ServiceProvider.GetRequiredService<B3DbContext>(), token);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
