using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace B3.AppHost.Database;

internal static class LocalPostgresExtensions
{
    /// <summary>
    /// Adds PostgreSQL from the machine's installed binaries: <c>initdb</c> once into <c>Postgres:DataDirectory</c> (kept
    /// between runs), then <c>postgres</c> on a port Aspire picks, listening on loopback only, password-protected.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var cluster = LocalPostgresCluster.FromConfiguration(builder.Configuration);
        // Letters and digits only, so the password sits in a connection string unquoted; kept in the AppHost's user
        // secrets because the cluster keeps it too.
        var password = builder.AddParameter($"{name}-password", new GenerateParameterDefault { MinLength = 24, Special = false },
            secret: true, persist: true);

        var (command, prefix) = cluster.ServerCommand();
        var resource = new LocalPostgresResource(name, command, cluster.DataDirectory, password.Resource);
        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new LocalPostgresHealthCheck(resource), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            // postgres reads its port from PGPORT; Aspire allocates it and proxies the endpoint's port to it.
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", env: "PGPORT")
            .WithArgs([.. prefix, .. cluster.ServerArguments()])
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted(async (_, @event, cancellationToken) =>
            {
                var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
                var passwordValue = await password.Resource.GetValueAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"Parameter '{password.Resource.Name}' has no value.");
                await cluster.InitializeOnceAsync(passwordValue, logger, cancellationToken);
            });
    }
}
