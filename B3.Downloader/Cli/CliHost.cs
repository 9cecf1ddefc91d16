using B3.Core.Database;
using B3.Downloader.Extensions;
using Microsoft.Extensions.Options;

namespace B3.Downloader.Cli;

/// <summary>
/// The services of one command: the worker's composition without database, schedule or endpoints (storage and B3 are
/// most commands need; the job commands add the database), configured from environment variables (.env in Development),
/// then the caller's settings, then <c>--env</c>.
/// </summary>
internal static class CliHost
{
    public const string ApplicationName = "B3.Downloader";

    public static async Task<IHost> StartAsync(CliContext context, string? environment, bool verbose, CancellationToken cancellationToken, bool database = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = ApplicationName,
            // `dotnet run` sets ASPNETCORE_ENVIRONMENT from the launch profile; the generic host reads only DOTNET_ENVIRONMENT.
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(context.Error, verbose));
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        if (!verbose)
        {
            // The ServiceDefaults handler logs each retry; the command prints the final outcome itself.
            builder.Logging.AddFilter("B3.ServiceDefaults", LogLevel.Error);
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        }

        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.AddServiceDefaults();

        // After AddServiceDefaults, which re-reads the environment once it has loaded .env.
        builder.Configuration.AddInMemoryCollection(context.Configuration);
        if (environment is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("ENVIRONMENT", environment)]);
        }

        builder.AddDownloaderCore();
        if (database)
        {
            // Creates the database and applies the migrations at start, as the services do.
            builder.AddB3Database();
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A settings problem found at start (a missing variable, a bad URL): a usage error.</summary>
    public static bool IsConfigurationError(Exception exception) =>
        exception is OptionsValidationException or InvalidOperationException or UriFormatException;

    /// <summary>PostgreSQL could not be reached or refused us (after the migration's retries).</summary>
    public static bool IsDatabaseError(Exception exception) =>
        exception is Npgsql.NpgsqlException || exception.InnerException is { } inner && IsDatabaseError(inner);
}
