using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B3.ServiceDefaults.Configuration;

public static class SettingsExtensions
{
    /// <summary>
    /// Registers settings read from configuration as a singleton, and reads them while the host starts, so a missing
    /// or malformed variable stops the service at once with its name instead of failing the first request.
    /// </summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, Func<IConfiguration, T> read) where T : class
    {
        services.AddSingleton(sp => read(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<StartupRead<T>>()
            .Configure<IServiceProvider>((_, provider) => provider.GetRequiredService<T>())
            .ValidateOnStart();
        return services;
    }

    private sealed class StartupRead<T>;
}
