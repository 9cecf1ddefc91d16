using B3.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace B3.Core.Database;

public static class DatabaseExtensions
{
    /// <summary>The connection name Aspire injects for database <c>b3db</c> (<c>ConnectionStrings__b3db</c>).</summary>
    public const string ConnectionName = "b3db";
    public const string HealthCheckName = "postgres";

    /// <summary>Registers the <see cref="NpgsqlDataSource"/>, the readiness check, and the migrations applied at start.</summary>
    public static IHostApplicationBuilder AddB3Database(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            return new NpgsqlDataSourceBuilder(GetConnectionString(sp.GetRequiredService<IConfiguration>()))
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                .Build();
        });
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService<DatabaseMigrationService>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(HealthCheckName, timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    internal static string GetConnectionString(IConfiguration configuration) =>
        configuration.GetRequiredValue($"ConnectionStrings:{ConnectionName}");
}
