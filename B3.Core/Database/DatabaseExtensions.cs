using B3.Core.Resilience;
using B3.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace B3.Core.Database;

public static class DatabaseExtensions
{
    /// <summary>The connection name Aspire injects for database <c>b3db</c> (<c>ConnectionStrings__b3db</c>).</summary>
    public const string ConnectionName = "b3db";

    /// <summary>
    /// The key of a second data source for hot single statements without transactions (the webhook intake). It
    /// multiplexes: Npgsql pipelines the commands of many concurrent requests over a few connections, so a burst costs
    /// PostgreSQL and the service far fewer round trips, context switches and backends than a connection per request.
    /// And it prepares statements it sees repeatedly, so PostgreSQL plans the intake's statement once per connection
    /// rather than on every call (measured: planning was most of the server's cost of a webhook).
    /// </summary>
    public const string MultiplexedDataSource = "multiplexed";

    /// <summary>How long the database's health check may take before <c>/health</c> reports it unhealthy.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <see cref="B3DbContext"/> the Aspire way (pooled, retried, traced, with its health check), the
    /// <see cref="NpgsqlDataSource"/>s of the raw statements (binary COPY, the claim, the intake), and the migrations
    /// applied at start.
    /// </summary>
    public static IHostApplicationBuilder AddB3Database(this IHostApplicationBuilder builder)
    {
        // Checked first, so that a missing connection string is reported by the variable the AppHost sets.
        GetConnectionString(builder.Configuration);
        builder.AddNpgsqlDbContext<B3DbContext>(ConnectionName, configureDbContextOptions: B3DbContextOptions.Configure);
        // Aspire's check of the context has no timeout of its own: a database that stalls would stall /health with it.
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in options.Registrations.Where(check => check.Name == nameof(B3DbContext)))
            {
                var factory = check.Factory;
                check.Factory = services => new BoundedHealthCheck(services.GetRequiredService<IServiceScopeFactory>(), factory);
                check.Timeout = HealthCheckTimeout;
            }
        });
        builder.Services.AddSingleton(sp => BuildDataSource(sp, multiplexing: false));
        builder.Services.AddKeyedSingleton(MultiplexedDataSource, (sp, _) => BuildDataSource(sp, multiplexing: true));
        builder.Services.AddHostedService<DatabaseMigrationService>();
        builder.Services.AddOperationPipeline(OperationPipelines.Database);
        return builder;
    }

    private const string JitOff = "-c jit=off";

    private static NpgsqlDataSource BuildDataSource(IServiceProvider services, bool multiplexing)
    {
        var builder = new NpgsqlDataSourceBuilder(GetConnectionString(services.GetRequiredService<IConfiguration>()));
        builder.ConnectionStringBuilder.Multiplexing = multiplexing;
        // PostgreSQL compiles a plan whose estimate is large, and a plan over daily_quotes' forty partitions always is: an
        // adjusted series of one ticker took 250 ms to compile and 20 ms to run. The raw statements are short lookups or
        // bulk work bound by I/O and sorting, which compiling does not speed up (the bench measured no loss).
        builder.ConnectionStringBuilder.Options = JitOff + (builder.ConnectionStringBuilder.Options is { Length: > 0 } options ? " " + options : string.Empty);
        if (multiplexing)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 8;
        }

        return builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>()).Build();
    }

    internal static string GetConnectionString(IConfiguration configuration) =>
        configuration.GetRequiredValue($"ConnectionStrings:{ConnectionName}");
}
